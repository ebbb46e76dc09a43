package dev.gatehouse.inference.grammar;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Test-only recognizer for the GBNF that the converter emits: it parses grammar text the way llama.cpp does
 * (literals, classes with ranges, negation and escapes, groups, alternatives, *, +, ?, {m}, {m,}, {m,n}, comments)
 * and answers whether a whole string matches a rule. Like llama.cpp it refuses undefined rules, unknown escapes and
 * left recursion when the grammar is parsed.
 *
 * <p>Matching computes, for each (rule, position), the set of positions where the rule can end: exact for any
 * grammar without left recursion, ambiguous ones included.
 */
final class GbnfRecognizer {
    sealed interface Expr permits Literal, CharClass, AnyChar, Ref, Sequence, Choice, Repeat {
    }

    record Literal(int[] codePoints) implements Expr {
    }

    record CharClass(boolean negated, List<int[]> ranges) implements Expr {
        boolean matches(int cp) {
            boolean inside = ranges.stream().anyMatch(range -> range[0] <= cp && cp <= range[1]);
            return inside != negated;
        }
    }

    record AnyChar() implements Expr {
    }

    record Ref(String name) implements Expr {
    }

    record Sequence(List<Expr> items) implements Expr {
    }

    record Choice(List<Expr> alternatives) implements Expr {
    }

    /** {@code max < 0} means unbounded. */
    record Repeat(Expr item, int min, int max) implements Expr {
    }

    private final Map<String, Expr> rules;

    private GbnfRecognizer(Map<String, Expr> rules) {
        this.rules = rules;
    }

    static GbnfRecognizer parse(String grammar) {
        Map<String, Expr> rules = new Parser(grammar).grammar();
        if (!rules.containsKey("root")) {
            throw new IllegalArgumentException("grammar has no root rule");
        }
        rules.values().forEach(expr -> requireDefined(expr, rules));
        new LeftRecursion(rules).check();
        return new GbnfRecognizer(rules);
    }

    Set<String> ruleNames() {
        return rules.keySet();
    }

    boolean accepts(String text) {
        return accepts("root", text);
    }

    boolean accepts(String rule, String text) {
        int[] input = text.codePoints().toArray();
        return new Match(input).ends(new Ref(rule), 0).get(input.length);
    }

    private static void requireDefined(Expr expr, Map<String, Expr> rules) {
        switch (expr) {
            case Ref ref -> {
                if (!rules.containsKey(ref.name())) {
                    throw new IllegalArgumentException("undefined rule " + ref.name());
                }
            }
            case Sequence sequence -> sequence.items().forEach(item -> requireDefined(item, rules));
            case Choice choice -> choice.alternatives().forEach(item -> requireDefined(item, rules));
            case Repeat repeat -> requireDefined(repeat.item(), rules);
            default -> {
            }
        }
    }

    /** One match attempt over one input; memoises rule end positions. */
    private final class Match {
        private final int[] input;
        private final Map<String, BitSet> memo = new HashMap<>();
        private final Set<String> inProgress = new HashSet<>();

        Match(int[] input) {
            this.input = input;
        }

        BitSet ends(Expr expr, int pos) {
            BitSet out = new BitSet();
            switch (expr) {
                case Literal literal -> {
                    int[] cps = literal.codePoints();
                    boolean matches = pos + cps.length <= input.length;
                    for (int i = 0; matches && i < cps.length; i++) {
                        matches = input[pos + i] == cps[i];
                    }
                    if (matches) {
                        out.set(pos + cps.length);
                    }
                }
                case CharClass charClass -> {
                    if (pos < input.length && charClass.matches(input[pos])) {
                        out.set(pos + 1);
                    }
                }
                case AnyChar any -> {
                    if (pos < input.length) {
                        out.set(pos + 1);
                    }
                }
                case Ref ref -> out.or(rule(ref.name(), pos));
                case Sequence sequence -> {
                    BitSet reached = new BitSet();
                    reached.set(pos);
                    for (Expr item : sequence.items()) {
                        reached = step(item, reached);
                        if (reached.isEmpty()) {
                            break;
                        }
                    }
                    out.or(reached);
                }
                case Choice choice -> choice.alternatives().forEach(alternative -> out.or(ends(alternative, pos)));
                case Repeat repeat -> out.or(repeat(repeat, pos));
            }
            return out;
        }

        private BitSet rule(String name, int pos) {
            String key = name + "@" + pos;
            BitSet known = memo.get(key);
            if (known != null) {
                return known;
            }
            if (!inProgress.add(key)) {
                throw new IllegalStateException("left recursion through " + name + " at " + pos);
            }
            BitSet result = ends(rules.get(name), pos);
            inProgress.remove(key);
            memo.put(key, result);
            return result;
        }

        private BitSet step(Expr item, BitSet from) {
            BitSet next = new BitSet();
            from.stream().forEach(p -> next.or(ends(item, p)));
            return next;
        }

        private BitSet repeat(Repeat repeat, int pos) {
            BitSet result = new BitSet();
            BitSet frontier = new BitSet();
            frontier.set(pos);
            for (int count = 0; ; count++) {
                if (count >= repeat.min()) {
                    result.or(frontier);
                }
                if (count == repeat.max() || frontier.isEmpty()) {
                    return result;
                }
                BitSet next = step(repeat.item(), frontier);
                if (count >= repeat.min()) {
                    // positions already reached with an allowed count were expanded already
                    next.andNot(result);
                }
                frontier = next;
            }
        }
    }

    /** Rejects grammars where a rule can reach itself without consuming input, as llama.cpp does. */
    private record LeftRecursion(Map<String, Expr> rules) {
        void check() {
            Set<String> nullable = nullableRules();
            Map<String, Set<String>> leftmost = new HashMap<>();
            rules.forEach((name, expr) -> {
                Set<String> refs = new HashSet<>();
                collectLeftmost(expr, nullable, refs);
                leftmost.put(name, refs);
            });
            Set<String> done = new HashSet<>();
            for (String rule : rules.keySet()) {
                visit(rule, leftmost, new HashSet<>(), done);
            }
        }

        private void visit(String rule, Map<String, Set<String>> leftmost, Set<String> path, Set<String> done) {
            if (done.contains(rule)) {
                return;
            }
            if (!path.add(rule)) {
                throw new IllegalArgumentException("left recursion through rule " + rule);
            }
            for (String next : leftmost.get(rule)) {
                visit(next, leftmost, path, done);
            }
            path.remove(rule);
            done.add(rule);
        }

        private Set<String> nullableRules() {
            Set<String> nullable = new HashSet<>();
            boolean changed = true;
            while (changed) {
                changed = false;
                for (Map.Entry<String, Expr> rule : rules.entrySet()) {
                    if (!nullable.contains(rule.getKey()) && nullable(rule.getValue(), nullable)) {
                        nullable.add(rule.getKey());
                        changed = true;
                    }
                }
            }
            return nullable;
        }

        private static boolean nullable(Expr expr, Set<String> nullableRules) {
            return switch (expr) {
                case Literal literal -> literal.codePoints().length == 0;
                case CharClass charClass -> false;
                case AnyChar any -> false;
                case Ref ref -> nullableRules.contains(ref.name());
                case Sequence sequence -> sequence.items().stream().allMatch(item -> nullable(item, nullableRules));
                case Choice choice -> choice.alternatives().stream().anyMatch(item -> nullable(item, nullableRules));
                case Repeat repeat -> repeat.min() == 0 || nullable(repeat.item(), nullableRules);
            };
        }

        private static void collectLeftmost(Expr expr, Set<String> nullableRules, Set<String> refs) {
            switch (expr) {
                case Ref ref -> refs.add(ref.name());
                case Sequence sequence -> {
                    for (Expr item : sequence.items()) {
                        collectLeftmost(item, nullableRules, refs);
                        if (!nullable(item, nullableRules)) {
                            break;
                        }
                    }
                }
                case Choice choice -> choice.alternatives().forEach(item -> collectLeftmost(item, nullableRules, refs));
                case Repeat repeat -> collectLeftmost(repeat.item(), nullableRules, refs);
                default -> {
                }
            }
        }
    }

    /** Parses GBNF text into rules, following llama.cpp's grammar parser rules for spacing and newlines. */
    private static final class Parser {
        private final int[] src;
        private int pos;

        Parser(String text) {
            this.src = text.codePoints().toArray();
        }

        Map<String, Expr> grammar() {
            Map<String, Expr> rules = new LinkedHashMap<>();
            skipSpace(true);
            while (pos < src.length) {
                String name = name();
                skipSpace(false);
                expect("::=");
                skipSpace(true);
                Expr body = alternates(false);
                if (rules.put(name, body) != null) {
                    throw error("rule " + name + " defined twice");
                }
                if (pos < src.length && src[pos] != '\n' && src[pos] != '\r') {
                    throw error("expecting newline or end");
                }
                skipSpace(true);
            }
            return rules;
        }

        private Expr alternates(boolean nested) {
            List<Expr> alternatives = new ArrayList<>();
            alternatives.add(sequence(nested));
            while (peek() == '|') {
                pos++;
                skipSpace(true);
                alternatives.add(sequence(nested));
            }
            return alternatives.size() == 1 ? alternatives.getFirst() : new Choice(alternatives);
        }

        private Expr sequence(boolean nested) {
            List<Expr> items = new ArrayList<>();
            while (pos < src.length) {
                int c = src[pos];
                if (c == '"') {
                    pos++;
                    List<Integer> cps = new ArrayList<>();
                    while (peek() != '"') {
                        if (pos >= src.length) {
                            throw error("unterminated literal");
                        }
                        cps.add(character());
                    }
                    pos++;
                    items.add(new Literal(cps.stream().mapToInt(Integer::intValue).toArray()));
                } else if (c == '[') {
                    items.add(charClass());
                } else if (isWordChar(c)) {
                    items.add(new Ref(name()));
                } else if (c == '(') {
                    pos++;
                    skipSpace(true);
                    Expr group = alternates(true);
                    if (peek() != ')') {
                        throw error("expecting )");
                    }
                    pos++;
                    items.add(group);
                } else if (c == '.') {
                    pos++;
                    items.add(new AnyChar());
                } else if (c == '*' || c == '+' || c == '?' || c == '{') {
                    if (items.isEmpty()) {
                        throw error("repetition without an item");
                    }
                    items.add(repeat(items.removeLast()));
                } else {
                    break;
                }
                skipSpace(nested);
            }
            return items.size() == 1 ? items.getFirst() : new Sequence(items);
        }

        private Expr repeat(Expr item) {
            int c = src[pos++];
            if (c == '*') {
                return new Repeat(item, 0, -1);
            }
            if (c == '+') {
                return new Repeat(item, 1, -1);
            }
            if (c == '?') {
                return new Repeat(item, 0, 1);
            }
            int min = integer();
            int max = min;
            if (peek() == ',') {
                pos++;
                max = Character.isDigit(peek()) ? integer() : -1;
            }
            if (peek() != '}') {
                throw error("expecting }");
            }
            pos++;
            if (max >= 0 && max < min) {
                throw error("repetition maximum below minimum");
            }
            return new Repeat(item, min, max);
        }

        private Expr charClass() {
            pos++;
            boolean negated = peek() == '^';
            if (negated) {
                pos++;
            }
            List<int[]> ranges = new ArrayList<>();
            while (peek() != ']') {
                if (pos >= src.length) {
                    throw error("unterminated character class");
                }
                int from = character();
                int to = from;
                if (peek() == '-' && pos + 1 < src.length && src[pos + 1] != ']') {
                    pos++;
                    to = character();
                }
                if (to < from) {
                    throw error("empty range");
                }
                ranges.add(new int[] {from, to});
            }
            pos++;
            return new CharClass(negated, ranges);
        }

        /** One character of a literal or class, escapes decoded the way llama.cpp decodes them. */
        private int character() {
            int c = src[pos++];
            if (c != '\\') {
                return c;
            }
            int kind = src[pos++];
            return switch (kind) {
                case 'x' -> hex(2);
                case 'u' -> hex(4);
                case 'U' -> hex(8);
                case 't' -> '\t';
                case 'r' -> '\r';
                case 'n' -> '\n';
                case '\\', '"', '[', ']' -> kind;
                default -> throw error("unknown escape \\" + Character.toString(kind));
            };
        }

        private int hex(int digits) {
            int value = 0;
            for (int i = 0; i < digits; i++) {
                int digit = Character.digit(src[pos++], 16);
                if (digit < 0) {
                    throw error("expecting " + digits + " hex digits");
                }
                value = value * 16 + digit;
            }
            return value;
        }

        private String name() {
            int start = pos;
            while (pos < src.length && isWordChar(src[pos])) {
                pos++;
            }
            if (start == pos) {
                throw error("expecting a name");
            }
            return new String(src, start, pos - start);
        }

        private int integer() {
            int start = pos;
            while (Character.isDigit(peek())) {
                pos++;
            }
            if (start == pos) {
                throw error("expecting an integer");
            }
            return Integer.parseInt(new String(src, start, pos - start));
        }

        private void expect(String token) {
            for (int i = 0; i < token.length(); i++) {
                if (peek() != token.charAt(i)) {
                    throw error("expecting " + token);
                }
                pos++;
            }
        }

        private void skipSpace(boolean newlines) {
            while (pos < src.length) {
                int c = src[pos];
                if (c == '#') {
                    while (pos < src.length && src[pos] != '\n' && src[pos] != '\r') {
                        pos++;
                    }
                } else if (c == ' ' || c == '\t' || (newlines && (c == '\n' || c == '\r'))) {
                    pos++;
                } else {
                    return;
                }
            }
        }

        private int peek() {
            return pos < src.length ? src[pos] : -1;
        }

        private static boolean isWordChar(int c) {
            return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
        }

        private IllegalArgumentException error(String what) {
            int from = Math.max(0, pos - 20);
            return new IllegalArgumentException(what + " at " + pos + " near '"
                    + new String(src, from, Math.min(src.length, pos + 20) - from) + "'");
        }
    }
}
