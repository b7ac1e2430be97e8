package io.returnflow.settlement;

import static io.returnflow.platform.ApiDocumentation.TAG_SETTLEMENT;
import static io.returnflow.platform.ProblemType.NOT_FOUND;
import static io.returnflow.platform.ProblemType.UNSUPPORTED_MEDIA_TYPE;
import static io.returnflow.platform.ProblemType.VALIDATION;
import static io.returnflow.platform.Roles.ADMIN;
import static io.returnflow.platform.Roles.OPS;

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
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.returnflow.platform.ApiRoles;
import io.returnflow.platform.ProblemResponses;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Encoding;

/**
 * Carrier statements (role {@code ops}): {@code POST /api/settlement/carrier-statements} takes a
 * statement CSV (format: {@link StatementCsv}) as the multipart field {@code file} or as a
 * {@code text/csv} body, and answers 201 with the stored reconciliation report;
 * {@code GET /api/settlement/carrier-statements/{id}} reads it again.
 * Query parameters: {@code carrier} (only its shipments count as not charged), {@code periodStart} and
 * {@code periodEnd} (yyyy-MM-dd, both or neither; default: the statement's first to last charge date).
 */
@RestController
@Tag(name = TAG_SETTLEMENT)
class CarrierStatementResource {

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
    @Operation(operationId = "reconcileCarrierStatement", summary = "Reconcile a carrier statement", description = """
            Takes the carrier's statement (CSV, UTF-8, header `waybill,amount,weight_kg,date`, amounts in the \
            freight currency), as the multipart field `file` or as a `text/csv` body, reconciles it against the \
            freight ledger and stores the report: matched lines, amount mismatches, weight discrepancies, charges \
            with no shipment of ours, our shipments not charged, and unreadable rows.""",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = {
                    @Content(mediaType = "text/csv", schema = @Schema(type = "string"),
                            examples = @ExampleObject(name = "sf", ref = "#/components/examples/carrier-statement")),
                    @Content(mediaType = MediaType.MULTIPART_FORM_DATA_VALUE,
                            schema = @Schema(implementation = StatementUpload.class),
                            encoding = @Encoding(name = "file", contentType = "text/csv"))}))
    @ApiResponse(responseCode = "201", description = "Created: the reconciliation report.",
            headers = @Header(name = "Location", ref = "#/components/headers/Location"),
            content = @Content(schema = @Schema(implementation = ReconciliationReport.class),
                    examples = @ExampleObject(name = "sf", ref = "#/components/examples/reconciliation-report")))
    @ProblemResponses({VALIDATION, UNSUPPORTED_MEDIA_TYPE})
    @ApiRoles({OPS, ADMIN})
    public ResponseEntity<ReconciliationReport> upload(
            @Parameter(hidden = true) @RequestPart(name = "file", required = false) MultipartFile file,
            @Parameter(description = "Only this carrier's shipments count as not charged.", example = "SF")
            @RequestParam(required = false) String carrier,
            @Parameter(description = "The first day of the statement's period (with `periodEnd`); by default its "
                    + "first charge's date.", example = "2026-11-01")
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate periodStart,
            @Parameter(description = "The last day of the period (with `periodStart`); by default the last charge's "
                    + "date.", example = "2026-11-30")
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate periodEnd,
            @Parameter(hidden = true) Principal principal) {
        if (file == null) {
            throw ApiProblem.invalid(StatementCsv.FIELD, "is required: the carrier statement as a CSV file");
        }
        try {
            return reconcile(file.getOriginalFilename(), file.getBytes(), carrier, periodStart, periodEnd, principal);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the uploaded statement", e);
        }
    }

    /** The same as {@link #upload}, the statement as the body; documented there (one operation, two media types). */
    @PostMapping(path = PATH, consumes = "text/csv")
    @io.swagger.v3.oas.annotations.Hidden
    public ResponseEntity<ReconciliationReport> uploadCsv(
            @RequestBody(required = false) byte[] body,
            @RequestParam(required = false) String carrier,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate periodStart,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate periodEnd,
            Principal principal) {
        return reconcile(null, body, carrier, periodStart, periodEnd, principal);
    }

    @GetMapping(PATH + "/{id}")
    @Operation(operationId = "getCarrierStatement", summary = "Read a reconciliation report",
            description = "The report of a statement reconciled earlier, as it was answered then.")
    @ApiResponse(responseCode = "200", description = "The report.", content = @Content(
            schema = @Schema(implementation = ReconciliationReport.class),
            examples = @ExampleObject(name = "sf", ref = "#/components/examples/reconciliation-report")))
    @ProblemResponses({VALIDATION, NOT_FOUND})
    @ApiRoles({OPS, ADMIN})
    public ReconciliationReport report(@Parameter(description = "The report's id.", example = "7")
                                       @PathVariable long id) {
        return statements.find(id).orElseThrow(() -> ApiProblem.notFound("No carrier statement " + id));
    }

    /** The multipart form of a statement upload. */
    @Schema(description = "A carrier statement as a file upload.")
    record StatementUpload(@Schema(description = "The statement CSV.", type = "string", format = "binary",
            requiredMode = Schema.RequiredMode.REQUIRED) String file) {
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
