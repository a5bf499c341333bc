package org.csp.decisions.model;

/** How precisely a contract specifies services and obligations. */
public enum ContractSpecificity {
    LOW, MEDIUM, HIGH
}
