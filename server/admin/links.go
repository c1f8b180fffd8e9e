package admin

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"webtool/server/access"
	"webtool/server/api"
	"webtool/server/auth"
	"webtool/server/mail"
	"webtool/server/store"
)

// sendTimeout bounds one delivery of a link, beyond the sender's own.
const sendTimeout = 30 * time.Second

// delivery is a set-password link to mail once the transaction that
// issued it has committed (a link mailed from a transaction that then
// failed would not work).
type delivery struct {
	to, login, name, url string
	expires              time.Time
	first                bool
}

// issue makes a set-password link for u in tx. With a mail server and an
// e-mail on u it returns the delivery to make after the commit; without,
// the link itself, shown once to the administrator, which is audited.
func (s *Service) issue(tx *store.Tx, p access.Principal, addr string, u auth.User) (*api.LinkSent, *delivery, error) {
	first := !u.HasPassword()
	token, expires, err := s.d.Auth.IssueLink(tx, u.Login, first, p.Login, addr)
	if err != nil {
		return nil, nil, err
	}
	d := delivery{to: u.Email, login: u.Login, name: u.Name, url: s.d.LinkURL(token), expires: expires, first: first}
	if s.d.Mail != nil && u.Email != "" {
		return &api.LinkSent{To: u.Email, ExpiresAt: expires}, &d, nil
	}
	why := "no mail server"
	if s.d.Mail != nil {
		why = "no e-mail"
	}
	if err := tx.Audit(store.AuditRecord{At: s.d.Now(), Actor: p.Login, Addr: addr, Action: "user.link_shown",
		Target: "user:" + u.Login, Result: "ok",
		Detail: why + "; shown to " + p.Login + "; valid until " + expires.UTC().Format(time.RFC3339)}); err != nil {
		return nil, nil, err
	}
	return &api.LinkSent{URL: d.url, ExpiresAt: expires}, nil, nil
}

// linkDetail is the audit detail of a reset's link (never the link).
func linkDetail(l *api.LinkSent, mailing *delivery) string {
	how := "shown to the administrator"
	if mailing != nil {
		how = "mailed to " + mailing.to
	}
	return how + "; valid until " + l.ExpiresAt.UTC().Format(time.RFC3339)
}

// deliver mails d. If that fails the link is withdrawn (nobody has it,
// and a link that may still sit in some queue should not work later).
func (s *Service) deliver(d delivery, actor, addr string) *api.LinkSent {
	sent := &api.LinkSent{To: d.to, ExpiresAt: d.expires}
	err := s.send(d)
	if err == nil {
		sent.Mailed = true
		return sent
	}
	sent.MailError = shortCause(err)
	// A failure to withdraw leaves a link whose token only the failed
	// mail held; it expires on its own.
	_ = s.d.DB.Update(func(tx *store.Tx) error {
		if err := s.d.Auth.DropLink(tx, d.login); err != nil {
			return err
		}
		return tx.Audit(store.AuditRecord{At: s.d.Now(), Actor: actor, Addr: addr, Action: "user.link_unsent",
			Target: "user:" + d.login, Result: "failed", Detail: "to " + d.to + ": " + sent.MailError + "; link withdrawn"})
	})
	return sent
}

func (s *Service) send(d delivery) error {
	ctx, cancel := context.WithTimeout(context.Background(), sendTimeout)
	defer cancel()
	return s.d.Mail.Send(ctx, linkMessage(d))
}

// shortCause is a mail error as the administrator sees it: one line.
func shortCause(err error) string {
	s := strings.Join(strings.Fields(err.Error()), " ")
	if r := []rune(s); len(r) > 200 {
		s = string(r[:200]) + "…"
	}
	return s
}

// linkMessage is the mail of a set-password link. The user's language is
// not known, so it says everything in Russian and then in English.
func linkMessage(d delivery) mail.Message {
	minutes := int(api.PasswordLinkTTL / time.Minute)
	var b strings.Builder
	if d.first {
		fmt.Fprintf(&b, "Здравствуйте, %s!\n\nДля вас создана учётная запись WebTool. Ваш логин: %s\n\n", d.name, d.login)
		fmt.Fprintf(&b, "Чтобы задать пароль, откройте ссылку:\n%s\n\n", d.url)
	} else {
		fmt.Fprintf(&b, "Здравствуйте, %s!\n\nПоступил запрос на смену пароля WebTool для логина %s.\n\n", d.name, d.login)
		fmt.Fprintf(&b, "Чтобы задать новый пароль, откройте ссылку:\n%s\n\n", d.url)
	}
	fmt.Fprintf(&b, "Ссылка действует %d минут и только один раз. Если вы не ждали этого письма, ничего не делайте: пароль не изменится.\n\n", minutes)
	b.WriteString("— — —\n\n")
	if d.first {
		fmt.Fprintf(&b, "Hello %s,\n\nA WebTool account has been created for you. Your login: %s\n\n", d.name, d.login)
		fmt.Fprintf(&b, "To set your password, open this link:\n%s\n\n", d.url)
	} else {
		fmt.Fprintf(&b, "Hello %s,\n\nA new WebTool password was asked for the login %s.\n\n", d.name, d.login)
		fmt.Fprintf(&b, "To set a new password, open this link:\n%s\n\n", d.url)
	}
	fmt.Fprintf(&b, "The link works for %d minutes and only once. If you did not expect this mail, do nothing: your password stays as it is.\n", minutes)
	subject := "WebTool: смена пароля / password reset"
	if d.first {
		subject = "WebTool: задайте пароль / set your password"
	}
	return mail.Message{To: d.to, Subject: subject, Text: b.String()}
}

// errNoMail is why a forgotten password cannot be reset: there is no mail
// server to send the link by (the administrator can start a reset).
var errNoMail = errors.New("no mail server: a forgotten password is reset by an administrator")

// Forgot mails a user's own reset link when the login is an active user
// with an e-mail and mail is configured; whatever happens the caller
// answers the same. Errors are for the log only.
func (s *Service) Forgot(login, addr string) error {
	if s.d.Mail == nil {
		// No link is issued at all: one nobody receives would only
		// replace a link an administrator handed over.
		return errNoMail
	}
	u, token, expires, ok, err := s.d.Auth.Forgot(login, addr)
	if err != nil || !ok {
		return err
	}
	d := delivery{to: u.Email, login: u.Login, name: u.Name, url: s.d.LinkURL(token), expires: expires}
	if sent := s.deliver(d, u.Login, addr); !sent.Mailed {
		return fmt.Errorf("mail the reset link of %q: %s", u.Login, sent.MailError)
	}
	return nil
}
