package dev.gatehouse.inference.template;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** One construct per case: template source, and what it renders to with {@code x}, {@code d} and {@code items}. */
class JinjaSemanticsTest {

    record Case(String name, String source, String expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case("text passes through untouched", "a  b\n c", "a  b\n c"),
                new Case("minus strips whitespace and newlines on its side only", "a \n {{- 'b' -}} \n c", "abc"),
                new Case("trim_blocks drops the newline after a block tag", "{% if true %}\nyes\n{% endif %}\nz",
                        "yes\nz"),
                new Case("lstrip_blocks drops indentation before a block tag", "    {% if true %}x{% endif %}", "x"),
                new Case("indentation before an expression stays", "  {{ 'x' }}", "  x"),
                new Case("comments render nothing", "a{# note #}b", "ab"),
                new Case("raw blocks print tags literally", "{% raw %}{{ x }}{% endraw %}", "{{ x }}"),
                new Case("string escapes are decoded", "{{ 'a\\tb\\n\\'c\\'' }}", "a\tb\n'c'"),
                new Case("adjacent string literals concatenate", "{{ 'a' \"b\" }}", "ab"),
                new Case("none, booleans and floats print like Python", "{{ none }} {{ true }} {{ 1.0 }} {{ 1e-5 }}",
                        "None True 1.0 1e-05"),
                new Case("a list prints as its Python repr", "{{ ['a', 1, none, \"it's\"] }}",
                        "['a', 1, None, \"it's\"]"),
                new Case("undefined renders empty and is falsy", "[{{ missing }}]{{ 'y' if not missing }}", "[]y"),
                new Case("undefined differs from none", "{{ missing is defined }} {{ n is none }} {{ missing is none }}",
                        "False True False"),
                new Case("attributes of undefined chain to undefined", "{{ missing.a.b is defined }}", "False"),
                new Case("dot and subscript read mapping keys", "{{ d.name }}{{ d['name'] }}", "qq"),
                new Case("dot on a mapping prefers dict methods", "{{ d.items is defined }}", "True"),
                new Case("negative index and out of range", "{{ items[-1] }}{{ items[9] is defined }}", "cFalse"),
                new Case("slices include the reverse slice", "{{ items[1:] }} {{ items[::-1] }} {{ 'abc'[:-1] }}",
                        "['b', 'c'] ['c', 'b', 'a'] ab"),
                new Case("arithmetic follows Python", "{{ 7 // 2 }} {{ -7 // 2 }} {{ 7 / 2 }} {{ -7 % 3 }} {{ 2 ** 3 }}",
                        "3 -4 3.5 2 8"),
                new Case("tilde concatenates anything as text", "{{ 1 ~ none ~ 'a' }}", "1Nonea"),
                new Case("comparisons chain", "{{ 1 < x < 5 }} {{ 1 < x > 5 }}", "True False"),
                new Case("and/or return an operand", "{{ '' or 'b' }} {{ 'a' and 'b' }}", "b b"),
                new Case("in and not in work on strings, lists and mappings",
                        "{{ 'b' in 'abc' }} {{ 'z' not in items }} {{ 'name' in d }}", "True True True"),
                new Case("tests with and without arguments",
                        "{{ x is odd }} {{ x is even }} {{ x is divisibleby 3 }} {{ x is equalto 3 }} {{ 'a' is string }}"
                                + " {{ d is mapping }} {{ items is iterable }} {{ x is not number }} {{ true is boolean }}",
                        "True False True True True True True False True"),
                new Case("is binds tighter than not", "{{ not missing is defined }}", "True"),
                new Case("a filter binds tighter than plus", "{{ 'a' + items|length|string }}", "a3"),
                new Case("conditional expression without else is undefined", "[{{ 'a' if false }}]", "[]"),
                new Case("if, elif and else", "{% if x > 5 %}big{% elif x > 1 %}mid{% else %}small{% endif %}", "mid"),
                new Case("loop variables", "{% for i in items %}{{ loop.index }}{{ loop.index0 }}{{ loop.revindex }}"
                        + "{{ loop.first|int }}{{ loop.last|int }}{{ loop.length }};{% endfor %}",
                        "103103;212003;321013;"),
                new Case("previtem and nextitem", "{% for i in items %}{{ loop.previtem }}<{{ i }}>{{ loop.nextitem }}"
                        + " {% endfor %}", "<a>b a<b>c b<c> "),
                new Case("loop else runs when nothing iterated", "{% for i in [] %}x{% else %}empty{% endfor %}",
                        "empty"),
                new Case("inline if filters before loop counters",
                        "{% for i in [1,2,3,4] if i is even %}{{ loop.index }}={{ i }} {% endfor %}", "1=2 2=4 "),
                new Case("tuple unpacking over items()", "{% for k, v in d.items() %}{{ k }}={{ v }};{% endfor %}",
                        "name=q;n=2;"),
                new Case("break and continue",
                        "{% for i in [1,2,3,4] %}{% if i == 2 %}{% continue %}{% endif %}{% if i == 4 %}{% break %}"
                                + "{% endif %}{{ i }}{% endfor %}", "13"),
                new Case("set inside a loop does not leak out",
                        "{% set a = 1 %}{% for i in items %}{% set a = 2 %}{% endfor %}{{ a }}", "1"),
                new Case("namespace attributes carry state out of loops",
                        "{% set ns = namespace(n=0) %}{% for i in items %}{% set ns.n = ns.n + 1 %}{% endfor %}{{ ns.n }}",
                        "3"),
                new Case("block set captures rendered text", "{% set s %}a{{ x }}b{% endset %}[{{ s }}]", "[a3b]"),
                new Case("macros with defaults and keyword arguments",
                        "{% macro m(a, b='B') %}{{ a }}{{ b }}{% endmacro %}{{ m(1) }}{{ m(1, b=2) }}", "1B12"),
                new Case("call blocks hand the body to caller()",
                        "{% macro wrap() %}[{{ caller() }}]{% endmacro %}{% call wrap() %}in{% endcall %}", "[in]"),
                new Case("filter blocks filter their body", "{% filter upper %}abc{% endfilter %}", "ABC"),
                new Case("string methods", "{{ '  a b  '.strip() }}|{{ 'xxaxx'.strip('x') }}|{{ 'a,b'.split(',') }}|"
                        + "{{ ' a  b '.split() }}|{{ 'ab'.startswith(('x', 'a')) }}|{{ 'abc'.replace('b', 'B') }}|"
                        + "{{ 'hello world'.title() }}|{{ '{} {x}'.format(1, x=2) }}|{{ 'abca'.find('c') }}",
                        "a b|a|['a', 'b']|['a', 'b']|True|aBc|Hello World|1 2|2"),
                new Case("split then index from the end", "{{ 'a</think>b'.split('</think>')[-1] }}", "b"),
                new Case("dict get with default", "{{ d.get('name') }}{{ d.get('nope', 'z') }}", "qz"),
                new Case("list append through a namespace",
                        "{% set ns = namespace(l=[]) %}{% for i in items %}{% set _ = ns.l.append(i|upper) %}"
                                + "{% endfor %}{{ ns.l|join(',') }}", "A,B,C"),
                new Case("text filters", "{{ ' a '|trim }}|{{ 'ab'|upper }}|{{ 'aB'|capitalize }}|{{ 'a-b'|replace('-', '+') }}"
                        + "|{{ 'x\\ny'|indent(2) }}|{{ 'one two'|wordcount }}", "a|AB|Ab|a+b|x\n  y|2"),
                new Case("default and d", "{{ missing|default('m') }}{{ ''|d('e', true) }}{{ ''|default('f') }}", "me"),
                new Case("collection filters", "{{ items|first }}{{ items|last }}{{ items|length }}{{ items|reverse|join }}"
                        + "|{{ [3,1,2]|sort }}|{{ [1,1,2]|unique|list }}|{{ [1,2]|sum }}|{{ [4,2]|min }}{{ [4,2]|max }}",
                        "ac3cba|[1, 2, 3]|[1, 2]|3|24"),
                new Case("dictsort and items", "{{ {'b': 1, 'a': 2}|dictsort }}|{{ {'a': 1}|items|list }}",
                        "[('a', 2), ('b', 1)]|[('a', 1)]"),
                new Case("selectattr, rejectattr and map",
                        "{{ people|selectattr('age', 'gt', 20)|map(attribute='name')|join(',') }}|"
                                + "{{ people|rejectattr('age')|map(attribute='name')|list }}|{{ items|map('upper')|join }}",
                        "bo|['cy']|ABC"),
                new Case("numeric filters", "{{ '12'|int + 1 }} {{ 'x'|int }} {{ '1.5'|float }} {{ -3|abs }} {{ 2.567|round(2) }}",
                        "13 0 1.5 3 2.57"),
                new Case("tojson uses json.dumps spacing and keeps non-ASCII",
                        "{{ {'a': [1, 2.5, none, true], 'é': 'x\"y'}|tojson }}",
                        "{\"a\": [1, 2.5, null, true], \"é\": \"x\\\"y\"}"),
                new Case("tojson with indent puts items on lines with bare commas",
                        "{{ {'a': [1], 'b': {}}|tojson(indent=2) }}", "{\n  \"a\": [\n    1\n  ],\n  \"b\": {}\n}"),
                new Case("tojson honours ensure_ascii and separators",
                        "{{ {'k': 'é'}|tojson(ensure_ascii=true, separators=(',', ':')) }}", "{\"k\":\"\\u00e9\"}"),
                new Case("tuples print with parentheses", "{{ (1,) }} {{ (1, 'a') }}", "(1,) (1, 'a')"),
                new Case("string filter gives Python's str of a mapping", "{{ {'a': none}|string }}", "{'a': None}"),
                new Case("range and dict globals", "{{ range(3)|list }} {{ dict(a=1) }}", "[0, 1, 2] {'a': 1}"),
                new Case("strftime_now reads the given clock", "{{ strftime_now('%d %b %Y %-d') }}", "07 Mar 2025 7"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void rendersLikeJinja(Case c) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("name", "q");
        d.put("n", 2);
        List<Map<String, Object>> people = List.of(Map.of("name", "al", "age", 19), Map.of("name", "bo", "age", 30),
                Map.of("name", "cy", "age", 0));
        Map<String, Object> vars = new LinkedHashMap<>();
        vars.put("x", 3);
        vars.put("d", d);
        vars.put("items", new ArrayList<>(List.of("a", "b", "c")));
        vars.put("people", people);
        vars.put("n", null);
        ChatTemplateInput input = new ChatTemplateInput(List.of(), null, false, "", "", vars,
                Conversations.FIXED_CLOCK);
        assertThat(ChatTemplate.compile(c.source()).render(input)).isEqualTo(c.expected());
    }
}
