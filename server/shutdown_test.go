package server

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptrace"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"webtool/server/api"
)

// urlWatch is the out of a Server: it hands on the URL Serve prints.
type urlWatch struct {
	once sync.Once
	url  chan string
}

func (w *urlWatch) Write(p []byte) (int, error) {
	if _, rest, ok := strings.Cut(string(p), "WebTool is running at "); ok {
		w.once.Do(func() { w.url <- strings.TrimSuffix(strings.Fields(rest)[0], "/") })
	}
	return len(p), nil
}

// A shutdown (SIGTERM cancels Serve's ctx) tells every socket it is going
// away with 1001, stops accepting connections, lets a request under way
// finish, and returns well within ten seconds.
func TestShutdownClosesSocketsWithGoingAwayAndFinishesRequests(t *testing.T) {
	out := &urlWatch{url: make(chan string, 1)}
	ts := mustServerLog(t, nil, out, io.Discard)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	served := make(chan error, 1)
	go func() { served <- ts.Serve(ctx) }()
	var base string
	select {
	case base = <-out.url:
	case <-time.After(10 * time.Second):
		t.Fatal("Serve did not print its address")
	}

	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar}
	req, _ := http.NewRequest("POST", base+api.PathLogin, strings.NewReader(`{"login":"admin","password":"`+adminPassword+`"}`))
	req.Header.Set("Origin", base)
	resp, err := c.Do(req)
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("sign-in: %v %v", resp, err)
	}
	resp.Body.Close()
	h := http.Header{"Origin": {base}}
	for _, ck := range jar.Cookies(mustURL(base)) {
		h.Add("Cookie", ck.Name+"="+ck.Value)
	}
	ws, _, err := websocket.DefaultDialer.Dial("ws"+strings.TrimPrefix(base, "http")+api.PathSocket, h)
	if err != nil {
		t.Fatal(err)
	}
	defer ws.Close()
	roundTrip(t, ws, []byte(`{"id":1,"type":"ping"}`))

	// A request under way: its handler is reading a body not sent yet (the
	// server's 100 Continue says the handler runs).
	body, send := io.Pipe()
	slow, _ := http.NewRequest("POST", base+api.PathLogin, body)
	slow.Header.Set("Origin", base)
	slow.Header.Set("Expect", "100-continue")
	running := make(chan struct{})
	slow = slow.WithContext(httptrace.WithClientTrace(context.Background(), &httptrace.ClientTrace{Got100Continue: func() { close(running) }}))
	answered := make(chan *http.Response, 1)
	go func() {
		resp, err := (&http.Transport{ExpectContinueTimeout: 10 * time.Second}).RoundTrip(slow)
		if err != nil {
			t.Error(err)
		}
		answered <- resp
	}()
	<-running

	stopped := time.Now()
	cancel()
	_, err = readUntilClosed(t, ws)
	var ce *websocket.CloseError
	if !errors.As(err, &ce) || ce.Code != websocket.CloseGoingAway {
		t.Fatalf("socket at shutdown: %v, want close 1001 (going away)", err)
	}
	// The socket is told only once nothing new is accepted, so a client
	// reconnecting at once cannot land here again.
	if conn, err := net.DialTimeout("tcp", strings.TrimPrefix(base, "http://"), time.Second); err == nil {
		conn.Close()
		t.Error("a new connection was accepted after the sockets were told to go away")
	}
	send.Write([]byte(`{"login":"admin","password":"wrong"}`))
	send.Close()
	if resp := <-answered; resp == nil || resp.StatusCode != http.StatusUnauthorized {
		t.Fatalf("the request under way got %v, want its answer (401)", resp)
	} else {
		resp.Body.Close()
	}
	select {
	case err := <-served:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Serve did not return within 10 s of the shutdown")
	}
	if d := time.Since(stopped); d > 10*time.Second {
		t.Fatalf("shutdown took %v", d)
	}
}
