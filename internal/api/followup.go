package api

func (h *Handler) registerFollowUp(rt *Router) {}
