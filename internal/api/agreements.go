package api

func (h *Handler) registerAgreements(rt *Router) {}
