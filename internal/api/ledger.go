package api

func (h *Handler) registerLedger(rt *Router) {}
