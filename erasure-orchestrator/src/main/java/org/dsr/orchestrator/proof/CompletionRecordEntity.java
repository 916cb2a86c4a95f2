package org.dsr.orchestrator.proof;

import java.time.Instant;
import java.util.UUID;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/** A stored completion record; {@code payload} is its canonical JSON, byte for byte what was signed and hashed. */
@Entity
@Table(name = "completion_record")
public class CompletionRecordEntity extends PanacheEntityBase {

    @Id
    @Column(name = "record_id")
    public UUID recordId;

    @Column(name = "request_id")
    public UUID requestId;

    public int version;

    public long sequence;

    public String status;

    @Column(name = "previous_hash")
    public String previousHash;

    @Column(name = "record_hash")
    public String recordHash;

    public String payload;

    @Column(name = "created_at")
    public Instant createdAt;
}
