package main

import (
	"strings"
	"testing"
)

// Each case's want is the canonical form as Terraform's documentation describes it, written by
// hand: aligned equals signs, two-space indentation, unwrapped single interpolations, modern
// type constraints and quoted labels.
func TestCanonical(t *testing.T) {
	cases := []struct {
		name, in, want string
	}{
		{"already canonical",
			"resource \"aws_sqs_queue\" \"dlq\" {\n  name = \"x\"\n}\n",
			"resource \"aws_sqs_queue\" \"dlq\" {\n  name = \"x\"\n}\n"},
		{"aligns equals signs and indents",
			"locals {\n a = 1\n    bbb = 2\n}\n",
			"locals {\n  a   = 1\n  bbb = 2\n}\n"},
		{"spaces around operators and braces",
			"locals {\n  x = 1+2\n  y = {a=1}\n}\n",
			"locals {\n  x = 1 + 2\n  y = { a = 1 }\n}\n"},
		{"unwraps a lone interpolation",
			"locals {\n  x = \"${var.name}\"\n}\n",
			"locals {\n  x = var.name\n}\n"},
		{"keeps a real template",
			"locals {\n  x = \"${var.a}-${var.b}\"\n  y = \"arn:${var.a}\"\n}\n",
			"locals {\n  x = \"${var.a}-${var.b}\"\n  y = \"arn:${var.a}\"\n}\n"},
		{"keeps nested templates inside the interpolation",
			"locals {\n  x = \"${format(\"%s\", \"${var.a}\")}\"\n}\n",
			"locals {\n  x = format(\"%s\", \"${var.a}\")\n}\n"},
		{"parenthesises a multi-line unwrap",
			"locals {\n  x = \"${var.a ?\n  1 : 2}\"\n}\n",
			"locals {\n  x = (var.a ?\n  1 : 2)\n}\n"},
		{"legacy quoted types",
			"variable \"a\" {\n  type = \"string\"\n}\nvariable \"b\" {\n  type = \"list\"\n}\nvariable \"c\" {\n  type = \"map\"\n}\n",
			"variable \"a\" {\n  type = string\n}\nvariable \"b\" {\n  type = list(string)\n}\nvariable \"c\" {\n  type = map(string)\n}\n"},
		{"element-less collection types",
			"variable \"a\" {\n  type = set\n}\n",
			"variable \"a\" {\n  type = set(any)\n}\n"},
		{"type outside a variable block is left alone",
			"resource \"x\" \"y\" {\n  type = \"string\"\n}\n",
			"resource \"x\" \"y\" {\n  type = \"string\"\n}\n"},
		{"quotes bare labels",
			"resource aws_sqs_queue dlq {\n  name = \"x\"\n}\n",
			"resource \"aws_sqs_queue\" \"dlq\" {\n  name = \"x\"\n}\n"},
	}
	for _, c := range cases {
		got, err := canonical([]byte(c.in), "case.tf")
		if err != nil {
			t.Errorf("%s: unexpected error %v", c.name, err)
			continue
		}
		if string(got) != c.want {
			t.Errorf("%s:\n got %q\nwant %q", c.name, got, c.want)
		}
	}
}

func TestSyntaxErrorIsAnErrorNotADifference(t *testing.T) {
	_, err := canonical([]byte("resource \"x\" {\n  a = \n"), "broken.tf")
	if err == nil || !strings.Contains(err.Error(), "broken.tf") {
		t.Fatalf("want a diagnostic naming broken.tf, got %v", err)
	}
}
