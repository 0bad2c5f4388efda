package api

func (h *Handler) registerRequisitions(rt *Router) {}
