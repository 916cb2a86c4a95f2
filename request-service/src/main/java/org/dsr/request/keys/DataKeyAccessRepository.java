package org.dsr.request.keys;

import jakarta.enterprise.context.ApplicationScoped;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;

/** The audit of data key fetches (table data_key_access). */
@ApplicationScoped
public class DataKeyAccessRepository implements PanacheRepositoryBase<DataKeyAccess, Long> {}
