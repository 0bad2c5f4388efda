package api

func (h *Handler) registerLocal(rt *Router) {}
