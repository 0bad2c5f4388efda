package api

func (h *Handler) registerPopulation(rt *Router) {}
