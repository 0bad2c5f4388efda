package api

func (h *Handler) registerRuns(rt *Router) {}
