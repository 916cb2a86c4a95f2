package org.dsr.request.domain;

import jakarta.enterprise.context.ApplicationScoped;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;

/** The pseudonyms of each request's identifiers (table request_pseudonym). */
@ApplicationScoped
public class RequestPseudonymRepository implements PanacheRepositoryBase<RequestPseudonym, RequestPseudonym.Key> {}
