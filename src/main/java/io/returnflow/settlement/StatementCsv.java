package io.returnflow.settlement;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import io.returnflow.platform.ApiProblem;
import io.returnflow.platform.Text;

/**
 * Reads a carrier statement. The format (API.md, Settlement): UTF-8 text, optionally with a byte order
 * mark; comma-separated; the first line is the header {@code waybill,charged_amount,weight_kg,date}
 * (these four names, in any order); then one charge per line: the waybill, the amount charged in the
 * store's currency (at most 2 decimals, e.g. {@code 12.00}), the billed weight in kg and the charge
 * date {@code yyyy-MM-dd}. A cell may be wrapped in double quotes; empty lines are ignored.
 * <p>
 * A file that cannot be a statement (empty, not UTF-8, no or wrong header, too many rows) is refused
 * as a whole; a row that cannot be read is kept as malformed with its line number and the reason,
 * never dropped.
 */
final class StatementCsv {

    static final String FIELD = "file";
    public static final List<String> COLUMNS = List.of("waybill", "charged_amount", "weight_kg", "date");

    private static final Pattern WAYBILL = Pattern.compile("[A-Za-z0-9-]{1,64}");
    private static final BigDecimal MAX_AMOUNT = new BigDecimal("999999.99");
    private static final BigDecimal MAX_WEIGHT = new BigDecimal("100000");
    private static final int MAX_RAW = 1000;
    /** How much of a malformed value a problem quotes (40 characters, then "…"). */
    private static final int SHOWN = 41;

    private StatementCsv() {
    }

    /**
     * @throws ApiProblem 400 naming {@code file} when the upload is not a statement at all
     */
    public static Parsed parse(byte[] content, int maxRows) {
        if (content == null || content.length == 0) {
            throw ApiProblem.invalid(FIELD, "is empty; expected a CSV with the header " + String.join(",", COLUMNS));
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(content)).toString();
        } catch (CharacterCodingException e) {
            throw ApiProblem.invalid(FIELD, "is not UTF-8 text");
        }
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        String[] lines = text.split("\r\n|\n|\r", -1);
        if (lines.length == 0 || lines[0].isBlank()) {
            throw ApiProblem.invalid(FIELD, "has no header line; expected " + String.join(",", COLUMNS));
        }
        Map<String, Integer> columns = header(lines[0]);

        List<Charge> charges = new ArrayList<>();
        List<Malformed> malformed = new ArrayList<>();
        Map<String, Integer> firstLineOfWaybill = new HashMap<>();
        int rows = 0;
        for (int i = 1; i < lines.length; i++) {
            String line = lines[i];
            if (line.isBlank()) {
                continue;
            }
            if (++rows > maxRows) {
                throw ApiProblem.invalid(FIELD, "has more than " + maxRows + " rows; split the statement");
            }
            int lineNo = i + 1;
            String[] cells = line.split(",", -1);
            if (cells.length != COLUMNS.size()) {
                malformed.add(new Malformed(lineNo, "has " + cells.length + " columns, expected " + COLUMNS.size(),
                        Text.fit(line, MAX_RAW)));
                continue;
            }
            List<String> problems = new ArrayList<>();
            String waybill = cell(cells, columns, "waybill");
            if (waybill.isEmpty()) {
                problems.add("waybill is empty");
            } else if (!WAYBILL.matcher(waybill).matches()) {
                problems.add("waybill '" + Text.fit(waybill, SHOWN) + "' is not a waybill number (letters, digits, '-', at most 64)");
            }
            BigDecimal amount = amount(cell(cells, columns, "charged_amount"), problems);
            BigDecimal weight = weight(cell(cells, columns, "weight_kg"), problems);
            LocalDate date = date(cell(cells, columns, "date"), problems);
            if (problems.isEmpty()) {
                Integer first = firstLineOfWaybill.putIfAbsent(waybill, lineNo);
                if (first != null) {
                    problems.add("waybill " + waybill + " is charged again (first on line " + first + ")");
                }
            }
            if (problems.isEmpty()) {
                charges.add(new Charge(lineNo, waybill, amount, weight, date));
            } else {
                malformed.add(new Malformed(lineNo, String.join("; ", problems), Text.fit(line, MAX_RAW)));
            }
        }
        return new Parsed(List.copyOf(charges), List.copyOf(malformed));
    }

    private static Map<String, Integer> header(String line) {
        String[] names = line.split(",", -1);
        Map<String, Integer> columns = new HashMap<>();
        Set<String> seen = new LinkedHashSet<>();
        for (int i = 0; i < names.length; i++) {
            String name = unquote(names[i]).toLowerCase(java.util.Locale.ROOT);
            seen.add(name);
            columns.putIfAbsent(name, i);
        }
        if (names.length != COLUMNS.size() || !seen.equals(new LinkedHashSet<>(COLUMNS))) {
            boolean looksLikeData = COLUMNS.stream().noneMatch(seen::contains);
            throw ApiProblem.invalid(FIELD, (looksLikeData ? "has no header line" : "has the columns "
                    + String.join(",", seen)) + "; expected the header " + String.join(",", COLUMNS));
        }
        return columns;
    }

    private static String cell(String[] cells, Map<String, Integer> columns, String name) {
        return unquote(cells[columns.get(name)]);
    }

    private static String unquote(String cell) {
        String value = cell.trim();
        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
            value = value.substring(1, value.length() - 1).trim();
        }
        return value;
    }

    private static BigDecimal amount(String value, List<String> problems) {
        BigDecimal amount = decimal("charged_amount", value, problems);
        if (amount == null) {
            return null;
        }
        if (amount.signum() < 0) {
            problems.add("charged_amount " + value + " is negative");
        } else if (amount.stripTrailingZeros().scale() > 2) {
            problems.add("charged_amount " + value + " has more than 2 decimals");
        } else if (amount.compareTo(MAX_AMOUNT) > 0) {
            problems.add("charged_amount " + value + " is above " + MAX_AMOUNT);
        } else {
            return amount.setScale(2, RoundingMode.UNNECESSARY);
        }
        return null;
    }

    private static BigDecimal weight(String value, List<String> problems) {
        BigDecimal weight = decimal("weight_kg", value, problems);
        if (weight == null) {
            return null;
        }
        if (weight.signum() < 0) {
            problems.add("weight_kg " + value + " is negative");
        } else if (weight.compareTo(MAX_WEIGHT) > 0) {
            problems.add("weight_kg " + value + " is above " + MAX_WEIGHT);
        } else {
            return weight.setScale(3, RoundingMode.HALF_UP);
        }
        return null;
    }

    private static BigDecimal decimal(String column, String value, List<String> problems) {
        if (value.isEmpty()) {
            problems.add(column + " is empty");
            return null;
        }
        try {
            BigDecimal number = new BigDecimal(value);
            if (value.contains("e") || value.contains("E")) {
                problems.add(column + " '" + Text.fit(value, SHOWN) + "' is not a plain decimal number");
                return null;
            }
            return number;
        } catch (NumberFormatException e) {
            problems.add(column + " '" + Text.fit(value, SHOWN) + "' is not a number");
            return null;
        }
    }

    private static LocalDate date(String value, List<String> problems) {
        if (value.isEmpty()) {
            problems.add("date is empty");
            return null;
        }
        try {
            LocalDate date = LocalDate.parse(value);
            if (!StatementCsv.plausible(date)) {
                problems.add("date '" + Text.fit(value, SHOWN) + "' is outside " + FIRST_YEAR + "–" + LAST_YEAR);
                return null;
            }
            return date;
        } catch (DateTimeParseException e) {
            problems.add("date '" + Text.fit(value, SHOWN) + "' is not a date yyyy-MM-dd");
            return null;
        }
    }

    /** Statement dates outside these years are typos, not charges. */
    static final int FIRST_YEAR = 2000;
    static final int LAST_YEAR = 2100;

    static boolean plausible(LocalDate date) {
        return date.getYear() >= FIRST_YEAR && date.getYear() <= LAST_YEAR;
    }

    /** The readable charges and the rows that could not be read. */
    public record Parsed(List<Charge> charges, List<Malformed> malformed) {
    }

    /** One charge of the statement; {@code line} is its line number in the file (the header is line 1). */
    public record Charge(int line, String waybill, BigDecimal amount, BigDecimal weightKg, LocalDate date) {
    }

    /** A row that could not be read, with why. */
    public record Malformed(int line, String reason, String text) {
    }
}
