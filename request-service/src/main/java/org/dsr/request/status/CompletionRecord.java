package org.dsr.request.status;

import java.time.Instant;
import java.util.UUID;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/** A completion record as received; {@link #data} is the raw JSON, kept byte for byte for verification. */
@Entity
@Table(name = "completion_record")
public class CompletionRecord extends PanacheEntityBase {

    @Id
    @Column(name = "record_id")
    public UUID recordId;

    @Column(name = "request_id")
    public UUID requestId;

    public int version;

    public long sequence;

    public String status;

    @Column(name = "completed_at")
    public Instant completedAt;

    public String data;

    @Column(name = "received_at")
    public Instant receivedAt;
}
