package org.dsr.request.keys;

import java.time.Instant;
import java.util.UUID;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/** A request's data key, wrapped under the KEK; {@link #wrappedKey} is null once destroyed. */
@Entity
@Table(name = "data_key")
public class DataKey extends PanacheEntityBase {

    @Id
    @Column(name = "key_id")
    public String keyId;

    @Column(name = "request_id")
    public UUID requestId;

    @Column(name = "kek_id")
    public String kekId;

    /** base64(nonce || AES-GCM(KEK, data key)), associated data: the key id. */
    @Column(name = "wrapped_key")
    public String wrappedKey;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "destroyed_at")
    public Instant destroyedAt;
}
