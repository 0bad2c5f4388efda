package grant

import (
	"testing"
	"time"
)

func TestTimestampRoundTrip(t *testing.T) {
	for _, in := range []time.Time{
		time.Date(2017, 2, 1, 10, 0, 0, 0, time.UTC),
		time.Date(2026, 11, 23, 23, 59, 59, 999_999_000, time.FixedZone("CET", 3600)),
	} {
		got, err := ParseTimestamp(Timestamp(in))
		if err != nil || !got.Equal(in) {
			t.Errorf("%v → %q → %v, %v", in, Timestamp(in), got, err)
		}
	}
	for _, bad := range []string{"", "2017-02-01", "2017-02-01T10:00:00Z", "2017-02-01 10:00:00.000000Z"} {
		if _, err := ParseTimestamp(bad); err == nil {
			t.Errorf("ParseTimestamp(%q) accepted", bad)
		}
	}
}
