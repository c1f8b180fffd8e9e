package auth

// Derivations returns how many argon2id derivations h has run.
func (h *Hasher) Derivations() int64 { return h.derived.Load() }

// Verify is verify for the tests of the hash format, outside the queue.
func (h *Hasher) Verify(phc, password string) (bool, error) { return h.verify(phc, password) }
