package io.postflight.provider.scrape;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExpositionParserTest {

    @Test
    void parsesCountersGaugesAndHistogramsWithMetadata() throws Exception {
        String page = """
                # HELP http_requests_total Requests served.\\nSecond line with a \\\\ backslash.
                # TYPE http_requests_total counter
                http_requests_total{method="get",code="200"} 1027 1395066363000
                http_requests_total{method="post",code="500"} 3
                # a free comment
                # TYPE temperature gauge
                temperature -12.5e-1

                # TYPE latency_seconds histogram
                latency_seconds_bucket{le="0.05"} 24054
                latency_seconds_bucket{le="0.1"} 33444
                latency_seconds_bucket{le="+Inf"} 144320
                latency_seconds_sum 53423
                latency_seconds_count 144320
                """;

        Exposition e = ExpositionParser.parse(page);

        assertThat(e.types()).containsEntry("http_requests_total", "counter")
                .containsEntry("temperature", "gauge").containsEntry("latency_seconds", "histogram");
        assertThat(e.help().get("http_requests_total"))
                .isEqualTo("Requests served.\nSecond line with a \\ backslash.");
        assertThat(e.samples()).hasSize(8);
        Sample first = e.samples().get(0);
        assertThat(first.name()).isEqualTo("http_requests_total");
        assertThat(first.labels()).isEqualTo(Map.of("method", "get", "code", "200"));
        assertThat(first.value()).isEqualTo(1027.0);
        assertThat(first.timestampMillis()).isEqualTo(1395066363000L);
        assertThat(e.samples().get(1).timestampMillis()).isNull();
        assertThat(e.named("temperature").get(0).value()).isEqualTo(-1.25);
        assertThat(e.named("latency_seconds_bucket")).extracting(s -> s.labels().get("le"))
                .containsExactly("0.05", "0.1", "+Inf");
        assertThat(e.named("latency_seconds_count").get(0).value()).isEqualTo(144320.0);
    }

    @Test
    void unescapesLabelValuesAndKeepsSpecialCharacters() throws Exception {
        String page = "msdos_file_access_time_seconds{path=\"C:\\\\DIR\\\\FILE.TXT\",error=\"Cannot find file:\\n\\\"FILE.TXT\\\"\",x=\"a,b}c=d\"} 1.458255915e9\n";

        Sample s = ExpositionParser.parse(page).samples().get(0);

        assertThat(s.labels()).containsEntry("path", "C:\\DIR\\FILE.TXT")
                .containsEntry("error", "Cannot find file:\n\"FILE.TXT\"")
                .containsEntry("x", "a,b}c=d");
        assertThat(s.value()).isEqualTo(1.458255915e9);
    }

    @Test
    void readsSpecialValuesWhitespaceTrailingCommaAndCrLf() throws Exception {
        String page = "a NaN\r\nb{} +Inf\r\nc -Inf\n  d{x=\"1\",}\t7\t\nlower_inf inf\n";

        List<Sample> samples = ExpositionParser.parse(page).samples();

        assertThat(samples).extracting(Sample::name).containsExactly("a", "b", "c", "d", "lower_inf");
        assertThat(samples.get(0).value()).isNaN();
        assertThat(samples.get(1).value()).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(samples.get(2).value()).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(samples.get(3).labels()).isEqualTo(Map.of("x", "1"));
        assertThat(samples.get(3).value()).isEqualTo(7.0);
        assertThat(samples.get(4).value()).isEqualTo(Double.POSITIVE_INFINITY);
    }

    @Test
    void acceptsOpenMetricsExemplarsEofAndQuotedNames() throws Exception {
        String page = """
                # TYPE foo_seconds histogram
                foo_seconds_bucket{le="0.01"} 2 # {trace_id="abc"} 0.005 1520879607.789
                {"my.dotted.metric", "service.name"="api"} 4
                # EOF
                """;

        List<Sample> samples = ExpositionParser.parse(page).samples();

        assertThat(samples.get(0).value()).isEqualTo(2.0);
        assertThat(samples.get(1).name()).isEqualTo("my.dotted.metric");
        assertThat(samples.get(1).labels()).isEqualTo(Map.of("service.name", "api"));
        assertThat(samples.get(1).value()).isEqualTo(4.0);
    }

    @Test
    void rejectsMalformedLinesNamingTheLine() {
        assertThatThrownBy(() -> ExpositionParser.parse("ok 1\nbad{x=\"1\" 2\n"))
                .isInstanceOfSatisfying(ExpositionFormatException.class, e -> assertThat(e.line()).isEqualTo(2));
        assertThatThrownBy(() -> ExpositionParser.parse("x{a=unquoted} 1"))
                .isInstanceOf(ExpositionFormatException.class).hasMessageContaining("not quoted");
        assertThatThrownBy(() -> ExpositionParser.parse("x twelve"))
                .isInstanceOf(ExpositionFormatException.class).hasMessageContaining("bad value");
        assertThatThrownBy(() -> ExpositionParser.parse("x{a=\"1\",a=\"2\"} 1"))
                .isInstanceOf(ExpositionFormatException.class).hasMessageContaining("duplicate");
        assertThatThrownBy(() -> ExpositionParser.parse("x 1 2 3"))
                .isInstanceOf(ExpositionFormatException.class).hasMessageContaining("unexpected");
        assertThatThrownBy(() -> ExpositionParser.parse("x 1f"))
                .isInstanceOf(ExpositionFormatException.class);
        assertThatThrownBy(() -> ExpositionParser.parse("x{a=\"open} 1"))
                .isInstanceOf(ExpositionFormatException.class).hasMessageContaining("unterminated");
    }

    @Test
    void seriesKeyIgnoresLabelOrderAndCanDropLe() throws Exception {
        List<Sample> s = ExpositionParser.parse("m{b=\"2\",a=\"1\",le=\"0.5\"} 1\nm{le=\"1\",a=\"1\",b=\"2\"} 2\n").samples();

        assertThat(s.get(0).seriesKey("le")).isEqualTo(s.get(1).seriesKey("le")).isEqualTo("m{a=1,b=2,}");
        assertThat(s.get(0).seriesKey(null)).isNotEqualTo(s.get(1).seriesKey(null));
    }
}
