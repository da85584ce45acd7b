package report

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestTruncateSafe(t *testing.T) {
	assert.Equal(t, "a b\uFFFDc", truncate("a \t\n b\x1bc", 100))
	assert.Equal(t, "héllo…", truncate("héllo world", 6))
	assert.Equal(t, "h…", truncate("hé", 2), "cut on a rune boundary")
}
