package mobile

import "testing"

func TestValidInput(t *testing.T) {
	for _, tt := range []struct {
		device string
		ok     bool
	}{{"phone-1", true}, {"Телефон 1", true}, {"", false}, {"a\nb", false}, {string(make([]byte, 129)), false}, {"\xff", false}} {
		if got := validDevice(tt.device); got != tt.ok {
			t.Errorf("validDevice(%q) = %v", tt.device, got)
		}
	}
	if !validPin("012345", 6) || validPin("01234", 6) || validPin("01234a", 6) || validPin("０12345", 6) {
		t.Error("validPin")
	}
}
