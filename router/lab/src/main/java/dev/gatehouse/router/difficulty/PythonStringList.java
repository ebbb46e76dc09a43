package dev.gatehouse.router.difficulty;

/**
 * RouterBench stores each prompt as Python's repr of a list of strings ({@code ['turn one', "turn two"]}); this
 * turns it back into text, turns joined by a blank line. Anything that is not such a literal is returned unchanged.
 */
final class PythonStringList {
    private PythonStringList() {}

    static String unwrap(String value) {
        String s = value.strip();
        if (!s.startsWith("[") || !s.endsWith("]")) return value;
        var out = new StringBuilder();
        int i = 1;
        int end = s.length() - 1;
        while (i < end) {
            char c = s.charAt(i);
            if (c == ' ' || c == ',') {
                i++;
                continue;
            }
            if (c != '\'' && c != '"') return value;
            var turn = new StringBuilder();
            int j = i + 1;
            while (j < end && s.charAt(j) != c) {
                char d = s.charAt(j);
                if (d == '\\' && j + 1 < end) {
                    char e = s.charAt(++j);
                    turn.append(switch (e) {
                        case 'n' -> '\n';
                        case 't' -> '\t';
                        case 'r' -> '\r';
                        default -> e;
                    });
                } else {
                    turn.append(d);
                }
                j++;
            }
            if (j >= end) return value;
            if (!out.isEmpty()) out.append("\n\n");
            out.append(turn);
            i = j + 1;
        }
        return out.toString();
    }
}
