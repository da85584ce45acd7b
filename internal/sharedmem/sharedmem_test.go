package sharedmem

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestFind(t *testing.T) {
	block := strings.Repeat("-", 16) + "kept text" + strings.Repeat("-", 16)
	cut := block[16:25]
	copied := strings.Clone(cut)
	type inner struct {
		hidden string
		list   []string
	}
	type outer struct {
		Name  string
		In    *inner
		ByKey map[string]int
		Any   any
		Arr   [2]string
	}
	tests := []struct {
		name string
		v    any
		want []string
	}{
		{"a copy", outer{Name: copied}, nil},
		{"a field", outer{Name: cut}, []string{cut}},
		{"an unexported field behind a pointer", outer{In: &inner{hidden: cut}}, []string{cut}},
		{"a slice element", &inner{list: []string{copied, cut[1:]}}, []string{cut[1:]}},
		{"a map key", outer{ByKey: map[string]int{cut: 1}}, []string{cut}},
		{"an interface", outer{Any: cut}, []string{cut}},
		{"an array", outer{Arr: [2]string{copied, cut}}, []string{cut}},
		{"the empty string", outer{Name: block[:0]}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, Find(tt.v, block))
		})
	}
	assert.True(t, Within(cut, block))
	assert.False(t, Within(copied, block))
}

func TestFindFollowsACycleOnce(t *testing.T) {
	type node struct {
		Text string
		Next *node
	}
	block := "abcdef"
	n := &node{Text: block[1:3]}
	n.Next = n
	assert.Equal(t, []string{block[1:3]}, Find(n, block))
}
