package io.returnflow.notification;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * At start, puts each shipped template the table lacks into it: a new step or language of a release becomes
 * editable, and an operator's edit is never overwritten. Safe with several nodes starting at once: each insert is
 * conditional and in its own transaction, and a row another node inserted first counts as present.
 */
@Component
class TemplateDefaults implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(TemplateDefaults.class);

    private final ShippedTemplates shipped;
    private final MessageTemplates templates;
    private final TransactionTemplate transactions;

    TemplateDefaults(ShippedTemplates shipped, MessageTemplates templates, TransactionTemplate transactions) {
        this.shipped = shipped;
        this.templates = templates;
        this.transactions = transactions;
    }

    @Override
    public void run(ApplicationArguments args) {
        log.info("Message templates: {} shipped ones added", insertMissing());
    }

    /** Inserts the shipped templates the table lacks; answers how many this node inserted. */
    int insertMissing() {
        int inserted = 0;
        for (MessageTemplate template : shipped.all()) {
            try {
                if (Boolean.TRUE.equals(transactions.execute(s -> templates.insertIfAbsent(template)))) {
                    inserted++;
                }
            } catch (DuplicateKeyException insertedByAnotherNode) {
                // the other node's row is the same template
            }
        }
        return inserted;
    }
}
