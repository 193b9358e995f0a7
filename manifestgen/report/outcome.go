package report

// Outcomes of a Request, also the CSS classes of its bar.
const (
	Outcome2xx   = "2xx"   // success without error
	Outcome304   = "304"   // not modified
	Outcome429   = "429"   // throttled
	Outcome5xx   = "5xx"   // server error
	OutcomeOther = "other" // any other status (3xx, 4xx)
	OutcomeError = "error" // no response (transport error, timeout), or a 2xx whose body failed
)

// outcomes lists the outcomes in drawing and legend order.
var outcomes = []string{Outcome2xx, Outcome304, Outcome429, Outcome5xx, OutcomeOther, OutcomeError}

// outcome classifies an attempt by its status and whether it failed.
func outcome(status int, failed bool) string {
	switch {
	case status == 0:
		return OutcomeError
	case status/100 == 2:
		if failed {
			return OutcomeError
		}
		return Outcome2xx
	case status == 304:
		return Outcome304
	case status == 429:
		return Outcome429
	case status/100 == 5:
		return Outcome5xx
	default:
		return OutcomeOther
	}
}
