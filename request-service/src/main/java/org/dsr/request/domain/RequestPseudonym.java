package org.dsr.request.domain;

import java.io.Serializable;
import java.util.Objects;
import java.util.UUID;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/** One pseudonym of one of a request's identifiers: compliance finds the request from any of them. */
@Entity
@Table(name = "request_pseudonym")
@IdClass(RequestPseudonym.Key.class)
public class RequestPseudonym extends PanacheEntityBase {

    @Id
    public String pseudonym;

    @Id
    @Column(name = "request_id")
    public UUID requestId;

    public RequestPseudonym() {}

    public RequestPseudonym(String pseudonym, UUID requestId) {
        this.pseudonym = pseudonym;
        this.requestId = requestId;
    }

    public static class Key implements Serializable {
        public String pseudonym;
        public UUID requestId;

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k
                    && Objects.equals(pseudonym, k.pseudonym)
                    && Objects.equals(requestId, k.requestId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(pseudonym, requestId);
        }
    }
}
