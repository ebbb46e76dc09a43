package dev.gatehouse.router.difficulty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class CsvRowsTest {

    @Test
    void quotedFieldsKeepLineBreaksCommasAndDoubledQuotes() {
        var rows = CsvRows.parse("prompt,a,b\n\"A \"\"dished\"\" face,\nA. one\r\nB. two\",True,False\nplain,False,True\n", "t");
        assertThat(rows).containsExactly(List.of("prompt", "a", "b"),
                List.of("A \"dished\" face,\nA. one\r\nB. two", "True", "False"), List.of("plain", "False", "True"));
    }

    @Test
    void emptyFieldsAndAMissingFinalNewlineAreKept() {
        assertThat(CsvRows.parse("a,b,c\n,x,", "t")).containsExactly(List.of("a", "b", "c"), List.of("", "x", ""));
    }

    @Test
    void anUnclosedQuoteIsReportedWithItsLine() {
        assertThatThrownBy(() -> CsvRows.parse("a\n\"never closed\n", "file.csv"))
                .hasMessageContaining("file.csv").hasMessageContaining("line 2");
    }

    @Test
    void pythonListPromptsBecomeTheirTextWithEscapesResolved() {
        assertThat(PythonStringList.unwrap("['Ian\\'s menudo\\nA) Ian', \"two\"]")).isEqualTo("Ian's menudo\nA) Ian\n\ntwo");
        assertThat(PythonStringList.unwrap("not a list")).isEqualTo("not a list");
    }
}
