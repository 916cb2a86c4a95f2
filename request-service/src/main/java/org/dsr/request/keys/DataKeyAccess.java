package org.dsr.request.keys;

import java.time.Instant;
import java.util.UUID;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/**
 * Audit: one row per data key fetch. {@code result}: GRANTED, DESTROYED, UNKNOWN or REFUSED (with the reason); the
 * processor and command id are those of the command the caller sent.
 */
@Entity
@Table(name = "data_key_access")
public class DataKeyAccess extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "data_key_access_ids")
    @SequenceGenerator(name = "data_key_access_ids", sequenceName = "data_key_access_id_seq", allocationSize = 50)
    public Long id;

    @Column(name = "key_id")
    public String keyId;

    @Column(name = "request_id")
    public UUID requestId;

    @Column(name = "accessed_by")
    public String accessedBy;

    @Column(name = "accessed_at")
    public Instant accessedAt;

    public String result;

    /** Why a fetch was REFUSED; null otherwise. */
    public String reason;

    /** The processor the caller's command names (null when it is not a plausible processor name). */
    public String processor;

    @Column(name = "command_id")
    public UUID commandId;

    /** A processor name as the caller sent it, kept only when it looks like one: the audit never echoes free text. */
    static String processorName(String name) {
        return name != null && name.matches("[a-z0-9][a-z0-9._-]{0,62}") ? name : null;
    }
}
