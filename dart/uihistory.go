package dart

import (
	"io"
	"path"
	"slices"
	"strings"
)

// A UIMessage is one message the client's GUI showed the user, from its
// UIHistory_*.txt (%USERPROFILE%\.cisco\vpn\log on Windows; DART collects
// the newest).
//
// No public copy of the file was found. A line is read as a message when
// it starts with a bracketed time, "[<time>] <message>", the way the GUI's
// message history and the mobile client's message log show them; the time
// is kept as written, since the file gives no zone. Other non-blank lines
// continue the message above.
type UIMessage struct {
	Time   string `json:"time"`
	Text   string `json:"text"`
	Source Source `json:"source"`
}

// factMaxUIMessages is how many of the last messages are kept: what the
// user saw last is what the problem looked like.
const factMaxUIMessages = 32

// factMaxUIFiles bounds the history files read: DART collects the newest.
const factMaxUIFiles = 8

// lastUIMessages returns the last factMaxUIMessages of msgs, by file name
// and line.
func lastUIMessages(msgs []UIMessage) []UIMessage {
	out := slices.Clone(msgs)
	slices.SortStableFunc(out, func(x, y UIMessage) int {
		if c := strings.Compare(x.Source.File, y.Source.File); c != 0 {
			return c
		}
		return x.Source.Line - y.Source.Line
	})
	return out[max(0, len(out)-factMaxUIMessages):]
}

// isUIHistory reports whether a file's name is the GUI's history.
func isUIHistory(name string) bool {
	base := strings.ToLower(path.Base(strings.ReplaceAll(name, `\`, "/")))
	return strings.HasPrefix(base, "uihistory") && strings.HasSuffix(base, ".txt")
}

// addUIHistory reads the GUI's history, keeping each file's last
// messages; Facts keeps the last of all, by file name and line, so the
// order files come in does not matter.
func (b *FactBuilder) addUIHistory(f File, r io.Reader) error {
	var msgs []UIMessage // a ring of the last factMaxUIMessages
	next := 0
	var last *UIMessage
	err := factEachLine(f.Name, r, func(n int, line string) error {
		t := strings.TrimSpace(line)
		if t == "" {
			last = nil
			return nil
		}
		if t[0] == '[' {
			if end := strings.IndexByte(t, ']'); end > 1 && end < 64 {
				m := UIMessage{Time: strings.TrimSpace(t[1:end]), Text: clip(strings.TrimSpace(t[end+1:]), 1024), Source: Source{File: f.Name, Line: n}}
				if len(msgs) < factMaxUIMessages {
					msgs = append(msgs, m)
					last = &msgs[len(msgs)-1]
				} else {
					msgs[next] = m
					last = &msgs[next]
					next = (next + 1) % factMaxUIMessages
				}
				return nil
			}
		}
		if last != nil && len(last.Text) < 1024 {
			last.Text = clip(last.Text+" "+t, 1024)
		}
		return nil
	})
	ordered := append(msgs[next:len(msgs):len(msgs)], msgs[:next]...)
	if len(b.uiHistory) < factMaxUIMessages*factMaxUIFiles {
		b.uiHistory = append(b.uiHistory, ordered...)
	}
	return err
}
