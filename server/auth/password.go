package auth

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"math/big"
	"strings"
	"sync/atomic"

	"golang.org/x/crypto/argon2"
)

// Params are argon2id cost parameters.
type Params struct {
	MemoryKiB uint32
	Time      uint32
	Threads   uint8
	SaltLen   int
	KeyLen    uint32
}

// DefaultParams follow OWASP's minimum for argon2id: 19 MiB, 2 passes, 1 lane.
var DefaultParams = Params{MemoryKiB: 19 * 1024, Time: 2, Threads: 1, SaltLen: 16, KeyLen: 32}

// ErrBadHash is returned for a stored hash that is not an argon2id PHC string.
var ErrBadHash = errors.New("stored password hash is not a valid argon2id PHC string")

// ErrBusy is returned by Hash when the queue in front of the hasher is
// full: the caller answers "busy, retry soon" rather than wait (a sign-in
// answers api.CodeBusy).
var ErrBusy = errors.New("password hasher busy")

// QueuePerWorker is how many hashes may wait for each one that runs. A hash
// takes tens of milliseconds, so a full queue drains in well under a second.
const QueuePerWorker = 8

// Hasher hashes and verifies passwords with argon2id. A semaphore caps how
// many hashes run at once, because each one holds Params.MemoryKiB of memory:
// a burst of logins queues instead of exhausting the machine. The queue is
// bounded too: past it, callers get ErrBusy at once, so a flood costs
// neither memory nor an unbounded wait.
type Hasher struct {
	params Params
	sem    chan struct{}
	// admitted holds a token for every hash running or waiting to run.
	admitted chan struct{}
	// dummy is a real hash of a random password, verified against when a
	// login name is unknown so that unknown names cost the same time.
	dummy string
	// derived counts derivations, for the tests (export_test.go) that
	// check a sign-in costs one and a refused one none.
	derived atomic.Int64
}

// NewHasher returns a Hasher running at most maxConcurrent hashes at once,
// with QueuePerWorker×maxConcurrent more waiting.
func NewHasher(p Params, maxConcurrent int) *Hasher {
	if maxConcurrent < 1 {
		maxConcurrent = 1
	}
	h := &Hasher{params: p, sem: make(chan struct{}, maxConcurrent),
		admitted: make(chan struct{}, maxConcurrent*(1+QueuePerWorker))}
	var pw [18]byte
	rand.Read(pw[:])
	dummy, err := h.Hash(base64.RawStdEncoding.EncodeToString(pw[:]))
	if err != nil {
		panic(err) // only crypto/rand failing can get here
	}
	h.dummy = dummy
	return h
}

// enter takes a place in the queue, or reports false when it is full. Every
// enter that succeeds is paired with a leave.
func (h *Hasher) enter() bool {
	select {
	case h.admitted <- struct{}{}:
		return true
	default:
		return false
	}
}

func (h *Hasher) leave() { <-h.admitted }

// Hash returns password's argon2id hash as a PHC string:
// $argon2id$v=19$m=19456,t=2,p=1$<salt>$<key>. It fails with ErrBusy when
// the queue is full.
func (h *Hasher) Hash(password string) (string, error) {
	if !h.enter() {
		return "", ErrBusy
	}
	defer h.leave()
	salt := make([]byte, h.params.SaltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", fmt.Errorf("read salt: %w", err)
	}
	key := h.derive(password, salt, h.params)
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version,
		h.params.MemoryKiB, h.params.Time, h.params.Threads,
		base64.RawStdEncoding.EncodeToString(salt), base64.RawStdEncoding.EncodeToString(key)), nil
}

// verify reports whether password matches the PHC string, comparing in
// constant time, for a caller that has entered the queue. The cost
// parameters are read from the string, so hashes made with older
// parameters keep working.
func (h *Hasher) verify(phc, password string) (bool, error) {
	p, salt, want, err := parsePHC(phc)
	if err != nil {
		return false, err
	}
	got := h.derive(password, salt, p)
	return subtle.ConstantTimeCompare(got, want) == 1, nil
}

// verifyDummy spends the time of one verify and always fails, for a caller
// that has entered the queue. It is used for login names that do not exist.
func (h *Hasher) verifyDummy(password string) {
	h.verify(h.dummy, password)
}

func (h *Hasher) derive(password string, salt []byte, p Params) []byte {
	h.sem <- struct{}{}
	defer func() { <-h.sem }()
	h.derived.Add(1)
	return argon2.IDKey([]byte(password), salt, p.Time, p.MemoryKiB, p.Threads, p.KeyLen)
}

func parsePHC(s string) (p Params, salt, key []byte, err error) {
	parts := strings.Split(s, "$")
	// "", "argon2id", "v=19", "m=..,t=..,p=..", salt, key
	if len(parts) != 6 || parts[1] != "argon2id" {
		return p, nil, nil, ErrBadHash
	}
	var v int
	if _, err := fmt.Sscanf(parts[2], "v=%d", &v); err != nil || v != argon2.Version {
		return p, nil, nil, ErrBadHash
	}
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &p.MemoryKiB, &p.Time, &p.Threads); err != nil {
		return p, nil, nil, ErrBadHash
	}
	if p.MemoryKiB == 0 || p.Time == 0 || p.Threads == 0 {
		return p, nil, nil, ErrBadHash
	}
	if salt, err = base64.RawStdEncoding.DecodeString(parts[4]); err != nil {
		return p, nil, nil, ErrBadHash
	}
	if key, err = base64.RawStdEncoding.DecodeString(parts[5]); err != nil || len(key) == 0 {
		return p, nil, nil, ErrBadHash
	}
	p.KeyLen = uint32(len(key))
	return p, salt, key, nil
}

// NewPassword returns a random 16-character password without look-alike
// characters (no 0/O, 1/l/I), for a person to type once and then change.
func NewPassword() string {
	const alphabet = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
	b := make([]byte, 16)
	for i := range b {
		n, err := rand.Int(rand.Reader, big.NewInt(int64(len(alphabet))))
		if err != nil {
			panic(err) // crypto/rand does not fail on supported platforms
		}
		b[i] = alphabet[n.Int64()]
	}
	return string(b)
}
