package main

import (
	"reflect"
	"strings"
	"testing"
)

// TestParseFlat reads fields of the shape ecs_flat.ts writes: names quoted
// or not, an array field, allowed values, and properties nested deeper
// (multi-fields) whose type is not the field's.
func TestParseFlat(t *testing.T) {
	const flat = `export const EcsFlat = {
  '@timestamp': {
    dashed_name: 'timestamp',
    description:
      'Date/time when the event originated.',
    flat_name: '@timestamp',
    normalize: [],
    type: 'date',
  },
  'event.kind': {
    allowed_values: [
      {
        description:
          'An alert.',
        name: 'alert',
      },
      {
        name: 'event',
      },
    ],
    normalize: [],
    type: 'keyword',
  },
  'message': {
    multi_fields: [
      { flat_name: 'message.text', name: 'text', type: 'match_only_text' },
    ],
    normalize: [],
    type: 'match_only_text',
  },
  tags: {
    normalize: ['array'],
    type: 'keyword',
  },
} as const;
`
	got, err := parseFlat(strings.NewReader(flat))
	if err != nil {
		t.Fatal(err)
	}
	want := []field{
		{name: "@timestamp", typ: "date"},
		{name: "event.kind", typ: "keyword", allowed: []string{"alert", "event"}},
		{name: "message", typ: "match_only_text"},
		{name: "tags", typ: "keyword", array: true},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %+v\nwant %+v", got, want)
	}
	if _, err := parseFlat(strings.NewReader("  'x': {\n    normalize: [],\n  },\n")); err == nil {
		t.Error("a field without a type was read")
	}
}
