package io.returnflow.settlement;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.security.Principal;
import java.time.LocalDate;

import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

import io.returnflow.platform.ApiProblem;
import io.returnflow.platform.Text;

/**
 * Carrier statements (role {@code ops}): {@code POST /api/settlement/carrier-statements} takes a
 * statement CSV (format: {@link StatementCsv}) as the multipart field {@code file} or as a
 * {@code text/csv} body, and answers 201 with the stored reconciliation report;
 * {@code GET /api/settlement/carrier-statements/{id}} reads it again.
 * Query parameters: {@code carrier} (only its shipments count as not charged), {@code periodStart} and
 * {@code periodEnd} (yyyy-MM-dd, both or neither; default: the statement's first to last charge date).
 */
@RestController
public class CarrierStatementResource {

    static final String PATH = "/api/settlement/carrier-statements";
    private static final int MAX_CARRIER_CODE = 16;
    private static final int MAX_FILE_NAME = 256;

    private final Reconciliation reconciliation;
    private final CarrierStatements statements;

    public CarrierStatementResource(Reconciliation reconciliation, CarrierStatements statements) {
        this.reconciliation = reconciliation;
        this.statements = statements;
    }

    @PostMapping(path = PATH, consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    public ResponseEntity<ReconciliationReport> upload(
            @RequestPart(name = "file", required = false) MultipartFile file,
            @RequestParam(required = false) String carrier,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate periodStart,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate periodEnd,
            Principal principal) {
        if (file == null) {
            throw ApiProblem.invalid(StatementCsv.FIELD, "is required: the carrier statement as a CSV file");
        }
        try {
            return reconcile(file.getOriginalFilename(), file.getBytes(), carrier, periodStart, periodEnd, principal);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the uploaded statement", e);
        }
    }

    @PostMapping(path = PATH, consumes = "text/csv")
    public ResponseEntity<ReconciliationReport> uploadCsv(
            @RequestBody(required = false) byte[] body,
            @RequestParam(required = false) String carrier,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate periodStart,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate periodEnd,
            Principal principal) {
        return reconcile(null, body, carrier, periodStart, periodEnd, principal);
    }

    @GetMapping(PATH + "/{id}")
    public ReconciliationReport report(@PathVariable long id) {
        return statements.find(id).orElseThrow(() -> ApiProblem.notFound("No carrier statement " + id));
    }

    private ResponseEntity<ReconciliationReport> reconcile(String fileName, byte[] content, String carrier,
                                                           LocalDate periodStart, LocalDate periodEnd,
                                                           Principal principal) {
        if ((periodStart == null) != (periodEnd == null)) {
            throw ApiProblem.invalid(periodStart == null ? "periodStart" : "periodEnd",
                    "is required with " + (periodStart == null ? "periodEnd" : "periodStart"));
        }
        if (periodStart != null && !StatementCsv.plausible(periodStart)) {
            throw ApiProblem.invalid("periodStart", "is outside " + StatementCsv.FIRST_YEAR + "–" + StatementCsv.LAST_YEAR);
        }
        if (periodEnd != null && !StatementCsv.plausible(periodEnd)) {
            throw ApiProblem.invalid("periodEnd", "is outside " + StatementCsv.FIRST_YEAR + "–" + StatementCsv.LAST_YEAR);
        }
        if (periodStart != null && periodEnd.isBefore(periodStart)) {
            throw ApiProblem.invalid("periodEnd", "is before periodStart");
        }
        String carrierCode = Text.trimToNull(carrier);
        if (carrierCode != null && carrierCode.length() > MAX_CARRIER_CODE) {
            throw ApiProblem.invalid("carrier", "is longer than " + MAX_CARRIER_CODE + " characters");
        }
        String name = fileName == null || fileName.isBlank() ? null
                : fileName.length() <= MAX_FILE_NAME ? fileName : fileName.substring(0, MAX_FILE_NAME);
        ReconciliationReport report = reconciliation.reconcile(name, content, carrierCode, periodStart, periodEnd,
                principal.getName());
        return ResponseEntity.created(URI.create(PATH + "/" + report.id())).body(report);
    }
}
