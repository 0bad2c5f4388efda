package web_test

import (
	"regexp"
	"strings"
	"testing"
	"time"
)

// TestRequisitionFormDeadline: a pot whose last day to requisition has
// passed by the service's clock is shown as closed, with no link and no
// form, since the service would refuse the requisition; before that day
// the form is offered. The demo's 2017 pots close on 31 March 2017.
func TestRequisitionFormDeadline(t *testing.T) {
	potLink := regexp.MustCompile(`/requisitions/new\?org=0780(?:&amp;|&)pot=([0-9]+)`)
	for _, c := range []struct {
		name   string
		today  time.Time
		closed bool
	}{
		{"before the deadline", time.Date(2017, 3, 1, 9, 0, 0, 0, time.UTC), false},
		{"on the deadline", time.Date(2017, 3, 31, 23, 0, 0, 0, time.UTC), false},
		{"after the deadline", time.Date(2017, 4, 1, 9, 0, 0, 0, time.UTC), true},
	} {
		t.Run(c.name, func(t *testing.T) {
			h, svc := newAppAt(t, func() time.Time { return c.today })
			admin := pageClient{t, h, adminCookie(t, svc)}
			code, body, _ := admin.do("GET", "/requisitions/new?org=0780&lang=sv", nil)
			if code != 200 {
				t.Fatalf("the requisition form: %d", code)
			}
			links := potLink.FindAllStringSubmatch(body, -1)
			if c.closed {
				if len(links) != 0 || !strings.Contains(body, "Stängd 2017-03-31") {
					t.Fatalf("after the deadline the list offers %d links, or does not say the pot is closed", len(links))
				}
				// The pot's own form: the notice instead of the form.
				code, body, _ = admin.do("GET", "/requisitions/new?org=0780&pot=1&lang=sv", nil)
				if code != 200 || !strings.Contains(body, `id="closed"`) || strings.Contains(body, `name="amount"`) {
					t.Errorf("a closed pot's form (%d) offers an amount field or no notice", code)
				}
				return
			}
			if len(links) == 0 || strings.Contains(body, "Stängd") {
				t.Fatalf("before the deadline the list offers no pot to requisition from: %d links, %s", len(links), regexp.MustCompile(`(?s)<tbody>.*</tbody>`).FindString(body))
			}
			code, body, _ = admin.do("GET", "/requisitions/new?org=0780&pot="+links[0][1]+"&lang=sv", nil)
			if code != 200 || strings.Contains(body, `id="closed"`) || !strings.Contains(body, `name="amount"`) {
				t.Errorf("an open pot's form (%d) has no amount field, or says it is closed", code)
			}
		})
	}
}
