// Command tffmt checks Terraform files the way `terraform fmt -check -recursive` does, for
// machines where the terraform binary cannot be installed (it is in neither Debian nor npm).
//
// `terraform fmt` is HashiCorp's hclwrite formatter plus three Terraform-specific rewrites. This
// program links the same hclwrite/hclsyntax packages (Debian's golang-github-hashicorp-hcl-v2-dev)
// and applies the same rewrites, written here from the documented behaviour:
//
//   - a value that is exactly one interpolation, "${expr}", becomes expr (wrapped in
//     parentheses when expr spans lines);
//   - in a top-level `variable` block, `type = "string"`, `"list"` and `"map"` (Terraform 0.11
//     quoted types) become string, list(string) and map(string), and a bare list, map or set
//     becomes list(any), map(any) or set(any);
//   - block labels are rewritten in their quoted form.
//
// As terraform does, a file that does not parse is an error, not a formatting difference.
//
// Usage: tffmt [-write] [-diff] PATH...   (directories are walked recursively for *.tf and
// *.tfvars). Exit status: 0 when every file is canonical, 2 on a syntax or I/O error, 3 when a
// file would be rewritten (terraform's own -check status).
package main

import (
	"bytes"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/hashicorp/hcl/v2/hclwrite"
)

func main() {
	write := flag.Bool("write", false, "rewrite files in canonical form instead of only checking")
	diff := flag.Bool("diff", false, "print the first differing line of each file")
	flag.Parse()
	if flag.NArg() == 0 {
		fmt.Fprintln(os.Stderr, "usage: tffmt [-write] [-diff] PATH...")
		os.Exit(2)
	}
	files, err := collect(flag.Args())
	if err != nil {
		fmt.Fprintln(os.Stderr, "tffmt:", err)
		os.Exit(2)
	}
	status := 0
	for _, path := range files {
		src, err := os.ReadFile(path)
		if err != nil {
			fmt.Fprintln(os.Stderr, "tffmt:", err)
			status = 2
			continue
		}
		out, err := canonical(src, path)
		if err != nil {
			fmt.Fprintln(os.Stderr, "tffmt:", err)
			status = 2
			continue
		}
		if bytes.Equal(src, out) {
			continue
		}
		fmt.Println(path)
		if *diff {
			printFirstDifference(path, src, out)
		}
		if *write {
			if err := os.WriteFile(path, out, 0o644); err != nil {
				fmt.Fprintln(os.Stderr, "tffmt:", err)
				status = 2
			}
		} else if status == 0 {
			status = 3
		}
	}
	fmt.Fprintf(os.Stderr, "tffmt: %d file(s) checked\n", len(files))
	os.Exit(status)
}

// collect expands directories into their *.tf and *.tfvars files, skipping hidden directories
// such as .terraform, and returns the paths sorted.
func collect(args []string) ([]string, error) {
	var files []string
	for _, arg := range args {
		info, err := os.Stat(arg)
		if err != nil {
			return nil, err
		}
		if !info.IsDir() {
			files = append(files, arg)
			continue
		}
		err = filepath.WalkDir(arg, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() && p != arg && strings.HasPrefix(d.Name(), ".") {
				return filepath.SkipDir
			}
			if !d.IsDir() && (strings.HasSuffix(p, ".tf") || strings.HasSuffix(p, ".tfvars")) {
				files = append(files, p)
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	sort.Strings(files)
	return files, nil
}

// canonical returns src in terraform fmt form, or the parse diagnostics when src is not valid
// HCL native syntax.
func canonical(src []byte, path string) ([]byte, error) {
	if _, diags := hclsyntax.ParseConfig(src, path, hcl.Pos{Line: 1, Column: 1}); diags.HasErrors() {
		return nil, fmt.Errorf("%s", diags.Error())
	}
	f, diags := hclwrite.ParseConfig(src, path, hcl.Pos{Line: 1, Column: 1})
	if diags.HasErrors() {
		return nil, fmt.Errorf("%s", diags.Error())
	}
	rewriteBody(f.Body(), nil)
	return f.Bytes(), nil
}

func rewriteBody(body *hclwrite.Body, enclosing []string) {
	topLevelVariable := len(enclosing) == 1 && enclosing[0] == "variable"
	for name, attr := range body.Attributes() {
		tokens := attr.Expr().BuildTokens(nil)
		if topLevelVariable && name == "type" {
			body.SetAttributeRaw(name, normalizeType(tokens))
		} else {
			body.SetAttributeRaw(name, unwrapInterpolation(tokens))
		}
	}
	for _, block := range body.Blocks() {
		block.SetLabels(block.Labels())
		nested := append(append([]string(nil), enclosing...), block.Type())
		rewriteBody(block.Body(), nested)
	}
}

func token(kind hclsyntax.TokenType, text string) *hclwrite.Token {
	return &hclwrite.Token{Type: kind, Bytes: []byte(text)}
}

// unwrapInterpolation turns "${expr}" into expr when the template holds that one interpolation
// and nothing else; any other expression is returned unchanged.
func unwrapInterpolation(tokens hclwrite.Tokens) hclwrite.Tokens {
	n := len(tokens)
	if n < 5 || tokens[0].Type != hclsyntax.TokenOQuote ||
		tokens[1].Type != hclsyntax.TokenTemplateInterp ||
		tokens[n-2].Type != hclsyntax.TokenTemplateSeqEnd ||
		tokens[n-1].Type != hclsyntax.TokenCQuote {
		return tokens
	}
	inner := tokens[2 : n-2]
	depth := 0 // nesting of quoted strings inside the interpolation
	for _, t := range inner {
		switch {
		case t.Type == hclsyntax.TokenOQuote:
			depth++
		case t.Type == hclsyntax.TokenCQuote:
			depth--
		case depth > 0:
			// Inside a nested string, templates belong to that string.
		case t.Type == hclsyntax.TokenTemplateInterp, t.Type == hclsyntax.TokenTemplateSeqEnd,
			t.Type == hclsyntax.TokenQuotedLit:
			return tokens // "${a}${b}" or "${a} text": a real template, keep it
		}
	}
	for len(inner) > 0 && inner[0].Type == hclsyntax.TokenNewline {
		inner = inner[1:]
	}
	for len(inner) > 0 && inner[len(inner)-1].Type == hclsyntax.TokenNewline {
		inner = inner[:len(inner)-1]
	}
	multiline := false
	for _, t := range inner {
		if t.Type == hclsyntax.TokenNewline {
			multiline = true
		}
	}
	parenthesised := len(inner) > 0 && inner[0].Type == hclsyntax.TokenOParen &&
		inner[len(inner)-1].Type == hclsyntax.TokenCParen
	if !multiline || parenthesised {
		return inner
	}
	out := hclwrite.Tokens{token(hclsyntax.TokenOParen, "(")}
	out = append(out, inner...)
	return append(out, token(hclsyntax.TokenCParen, ")"))
}

// normalizeType rewrites the legacy and element-less type constraints of a variable.
func normalizeType(tokens hclwrite.Tokens) hclwrite.Tokens {
	collection := func(kind, element string) hclwrite.Tokens {
		return hclwrite.Tokens{
			token(hclsyntax.TokenIdent, kind), token(hclsyntax.TokenOParen, "("),
			token(hclsyntax.TokenIdent, element), token(hclsyntax.TokenCParen, ")"),
		}
	}
	if len(tokens) == 1 && tokens[0].Type == hclsyntax.TokenIdent {
		switch kind := string(tokens[0].Bytes); kind {
		case "list", "map", "set":
			return collection(kind, "any")
		}
		return tokens
	}
	if len(tokens) == 3 && tokens[0].Type == hclsyntax.TokenOQuote &&
		tokens[1].Type == hclsyntax.TokenQuotedLit && tokens[2].Type == hclsyntax.TokenCQuote {
		switch kind := string(tokens[1].Bytes); kind {
		case "string":
			return hclwrite.Tokens{token(hclsyntax.TokenIdent, "string")}
		case "list", "map":
			return collection(kind, "string")
		}
	}
	return tokens
}

func printFirstDifference(path string, a, b []byte) {
	al := strings.Split(string(a), "\n")
	bl := strings.Split(string(b), "\n")
	for i := 0; i < len(al) || i < len(bl); i++ {
		var x, y string
		if i < len(al) {
			x = al[i]
		}
		if i < len(bl) {
			y = bl[i]
		}
		if x != y {
			fmt.Printf("  %s:%d: %q -> %q\n", path, i+1, x, y)
			return
		}
	}
}
