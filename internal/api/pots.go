package api

func (h *Handler) registerPots(rt *Router) {}
