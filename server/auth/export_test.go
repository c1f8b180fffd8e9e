package auth

// Derivations returns how many argon2id derivations h has run.
func (h *Hasher) Derivations() int64 { return h.derived.Load() }
