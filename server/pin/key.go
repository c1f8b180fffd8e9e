// Package pin keeps WebTool's PIN codes secret: it generates strong PINs,
// seals them with a server key kept outside the database file, and keeps a
// keyed-hash index so that uniqueness is checked without storing any PIN in
// plain text. A copy of the database file alone reveals no PIN.
package pin

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"runtime"
	"strings"
)

// KeyPath is the PIN key file of the database at db: override when given,
// else beside the database file (db + ".pinkey").
func KeyPath(db, override string) string {
	if override != "" {
		return override
	}
	return db + ".pinkey"
}

// KeySize is the size of the key file in bytes.
const KeySize = 64

// Keys are the two keys derived from the key file: one seals PINs, the
// other hashes them for the index. Keys are safe for concurrent use.
type Keys struct {
	aead cipher.AEAD
	mac  []byte
}

// LoadKeys reads the key file at path; a missing file is an error that
// matches fs.ErrNotExist (OpenKeys decides whether a new key may be made).
// A file of the wrong size, or one that group or others may read, is
// refused: a readable key would make the sealed PINs as good as plain.
func LoadKeys(path string) (*Keys, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("PIN key %s: %w", path, err)
	}
	if len(raw) != KeySize {
		return nil, fmt.Errorf("PIN key %s: has %d bytes, want %d (a damaged or foreign file; restore it from where it was kept)", path, len(raw), KeySize)
	}
	if runtime.GOOS != "windows" {
		st, err := os.Stat(path)
		if err != nil {
			return nil, fmt.Errorf("PIN key %s: %w", path, err)
		}
		if st.Mode().Perm()&0o077 != 0 {
			return nil, fmt.Errorf("PIN key %s: mode %v lets group or others read it; run chmod 600 %s", path, st.Mode().Perm(), path)
		}
	}
	return NewKeys(raw)
}

// CreateKeys writes a new key file at path (mode 0600, KeySize random
// bytes), refusing to replace one that exists.
func CreateKeys(path string) (*Keys, error) {
	raw, err := createKey(path)
	if err != nil {
		return nil, fmt.Errorf("PIN key %s: %w", path, err)
	}
	return NewKeys(raw)
}

func createKey(path string) ([]byte, error) {
	raw := make([]byte, KeySize)
	if _, err := rand.Read(raw); err != nil {
		return nil, fmt.Errorf("read random key: %w", err)
	}
	// O_EXCL: two servers starting at once must not each write a key.
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return nil, fmt.Errorf("create: %w", err)
	}
	_, err = f.Write(raw)
	if serr := f.Sync(); err == nil {
		err = serr
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(path)
		return nil, fmt.Errorf("write: %w", err)
	}
	return raw, nil
}

// NewKeys derives the sealing and hashing keys from KeySize bytes of
// secret. Each is an HMAC of the secret with its own label, so neither
// key tells anything about the other.
func NewKeys(secret []byte) (*Keys, error) {
	if len(secret) != KeySize {
		return nil, fmt.Errorf("PIN key has %d bytes, want %d", len(secret), KeySize)
	}
	derive := func(label string) []byte {
		m := hmac.New(sha256.New, secret)
		m.Write([]byte(label))
		return m.Sum(nil)
	}
	block, err := aes.NewCipher(derive("webtool pin seal aes-256-gcm v1"))
	if err != nil {
		return nil, err
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return nil, err
	}
	return &Keys{aead: aead, mac: derive("webtool pin index hmac-sha256 v1")}, nil
}

// sealPrefix marks the format of a sealed PIN, so the format can change.
const sealPrefix = "v1:"

// ErrOpen is returned by Open for a value that was not sealed with these
// keys for this record.
var ErrOpen = errors.New("sealed PIN does not open with this key and record")

// Seal encrypts pin for the record named by aad (catalog + "/" + id): a
// sealed PIN copied to another record does not open there.
func (k *Keys) Seal(pin, aad string) (string, error) {
	nonce := make([]byte, k.aead.NonceSize())
	if _, err := rand.Read(nonce); err != nil {
		return "", fmt.Errorf("read nonce: %w", err)
	}
	out := k.aead.Seal(nonce, nonce, []byte(pin), []byte(aad))
	return sealPrefix + base64.RawStdEncoding.EncodeToString(out), nil
}

// Open decrypts a value made by Seal with the same aad.
func (k *Keys) Open(sealed, aad string) (string, error) {
	b64, ok := strings.CutPrefix(sealed, sealPrefix)
	if !ok {
		return "", ErrOpen
	}
	raw, err := base64.RawStdEncoding.DecodeString(b64)
	if err != nil || len(raw) < k.aead.NonceSize() {
		return "", ErrOpen
	}
	n := k.aead.NonceSize()
	plain, err := k.aead.Open(nil, raw[:n], raw[n:], []byte(aad))
	if err != nil {
		return "", ErrOpen
	}
	return string(plain), nil
}

// checkLabel is hashed into the key check value. It has letters, so its
// hash is never the index key of a PIN (digits only).
const checkLabel = "webtool pin key check v1"

// check is the value stored with the PINs that tells whether a key file
// is the one they were sealed with, without revealing anything of it.
func (k *Keys) check() string { return k.Hash(checkLabel) }

// Hash returns the index key of pin: hex HMAC-SHA256 under the hashing
// key. Without the key file it cannot be checked against guesses.
func (k *Keys) Hash(pin string) string {
	m := hmac.New(sha256.New, k.mac)
	m.Write([]byte(pin))
	return hex.EncodeToString(m.Sum(nil))
}
