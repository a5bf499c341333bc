"""Independent oracle for the CSP findings catalogue v1.1.0 (FINDINGS.md sections A-D).

evaluate(request_dict) -> {
    "findings": {id: {"severity": str, "subjects": sorted list, "practiceNotes": list,
                      "recommendations": list (only for COO-007, whose advice 1.1.0 makes conditional)}},
    "overallLegitimacyRisk": str,
}
Written from the specification only. practiceNotes are the catalogue's [op] recommendations, in order (C, 1.1.0).
Recommendations other than COO-007's are not predicted: under the 1.1.0 wording rule a rule may word them closer to
its seed than the catalogue does.
"""

SEVERITY = {
    "LEG-001": "HIGH", "LEG-002": "LOW", "LEG-003": "MEDIUM", "LEG-004": "HIGH",
    "LEG-005": "LOW", "LEG-006": "INFO",
    "PHA-COMMON-001": "MEDIUM", "PHA-COMMON-002": "MEDIUM", "PHA-COMMON-003": "MEDIUM", "PHA-COMMON-004": "INFO",
    "PHA-EARLY-001": "MEDIUM", "PHA-EARLY-002": "MEDIUM", "PHA-EARLY-003": "LOW",
    "PHA-MID-001": "MEDIUM", "PHA-MID-002": "LOW", "PHA-MID-003": "MEDIUM",
    "PHA-LATE-001": "MEDIUM", "PHA-LATE-002": "LOW", "PHA-LATE-003": "LOW", "PHA-LATE-004": "MEDIUM",
    "COO-001": "MEDIUM", "COO-002": "LOW", "COO-003": "MEDIUM", "COO-004": "HIGH",
    "COO-005": "INFO", "COO-006": "LOW", "COO-007": "MEDIUM",
    "GOV-001": "HIGH", "GOV-002": "LOW", "GOV-003": "LOW", "GOV-004": "INFO",
    "GOV-005": "LOW", "GOV-006": "LOW", "GOV-007": "LOW", "GOV-008": "LOW",
    "FIT-001": "LOW", "FIT-002": "INFO", "FIT-003": "LOW", "FIT-004": "LOW",
    "FIT-005": "INFO", "FIT-006": "LOW", "FIT-007": "LOW",
    "FUN-001": "HIGH", "FUN-002": "LOW",
    "LRN-001": "LOW", "LRN-002": "LOW",
    "DEF-001": "INFO",
}
# The [op] recommendations of section B, in order: they are served as practiceNotes (C, 1.1.0).
PRACTICE = {
    "LEG-004": ["If licensing stays, keep the nonprofit's approval rights over every use of its name and logo."],
    "PHA-COMMON-003": ["Agree what data partners share, how, and on what terms, for example in a data-sharing agreement.",
                       "Fund data-sharing as part of core infrastructure."],
    # (the catalogue's `code` marks are Markdown, not content)
    "PHA-COMMON-004": ["State the partnership's phase (EARLIER, MIDDLE or LATER) so that the phase-specific "
                       "findings can be checked."],
    "PHA-MID-001": ["Agree a small set of progress measures and review them regularly."],
    "COO-005": ["Plan explicitly for the added management complexity and check international partners' continuing "
                "commitment."],
    "GOV-005": ["Build the members' own mandate and resources so the work can continue if the delegator's priorities "
                "change."],
}
SEV_RANK = {"HIGH": 0, "MEDIUM": 1, "LOW": 2, "INFO": 3}
MACRO = {"PUBLIC": "GOVERNMENT", "BUSINESS": "BUSINESS", "NONPROFIT": "CIVIL_SOCIETY",
         "PHILANTHROPY": "CIVIL_SOCIETY", "RESIDENT": "CIVIL_SOCIETY"}


def g(obj, *path):
    """Null-safe path read: returns None when any step is absent or null."""
    cur = obj
    for p in path:
        if not isinstance(cur, dict):
            return None
        cur = cur.get(p)
        if cur is None:
            return None
    return cur


def eq(v, target):
    # JSON booleans vs ints: True == 1 in python, guard by type
    if v is None:
        return False
    if isinstance(target, bool):
        return isinstance(v, bool) and v is target
    return v == target


def isin(v, values):
    return v is not None and v in values


def num(v):
    if v is None or isinstance(v, bool):
        return None
    return v


def evaluate(req):
    P = req["partnership"]
    partners = req["partners"]
    A = req.get("agreements")
    C = req.get("coordination")

    sectors = {p["sector"] for p in partners}
    distinct = len(sectors)
    macro_count = len({MACRO[s] for s in sectors})
    hasPublic = "PUBLIC" in sectors
    hasBusiness = "BUSINESS" in sectors
    hasNonprofit = "NONPROFIT" in sectors
    hasPhil = "PHILANTHROPY" in sectors
    hasRes = "RESIDENT" in sectors
    npoAndCompany = hasNonprofit and hasBusiness
    isP3 = hasPublic and hasBusiness and eq(g(A, "contractual"), True)

    phase = g(P, "phase")
    found = {}

    def fire(fid, subjects=()):
        s = found.setdefault(fid, set())
        s.update(subjects)

    npo_biz_ids = [p["id"] for p in partners if p["sector"] in ("NONPROFIT", "BUSINESS")]
    npo = [p for p in partners if p["sector"] == "NONPROFIT"]
    biz = [p for p in partners if p["sector"] == "BUSINESS"]

    # ---- LEGITIMACY ----
    form = g(P, "form")
    if eq(form, "INTEGRATIVE") and npoAndCompany:
        fire("LEG-001", npo_biz_ids)
    if isin(form, {"PHILANTHROPIC", "TRANSACTIONAL"}) and npoAndCompany:
        fire("LEG-002", npo_biz_ids)
    low_biz = [p["id"] for p in biz if eq(p.get("valuesAlignment"), "LOW")]
    if hasNonprofit and low_biz:
        fire("LEG-003", low_biz)
    if eq(g(A, "brandLicensing"), True) and npoAndCompany:
        fire("LEG-004", npo_biz_ids)
    if npoAndCompany and npo and all(eq(p.get("controlsProject"), False) for p in npo):
        fire("LEG-005", [p["id"] for p in npo])
    dm = num(g(P, "durationMonths"))
    ctrl_npo = [p["id"] for p in npo if eq(p.get("controlsProject"), True)]
    if npoAndCompany and eq(g(P, "projectBased"), True) and dm is not None and dm <= 12 and ctrl_npo:
        fire("LEG-006", ctrl_npo)

    # ---- PHASE ----
    status = g(P, "infrastructure", "status")
    if isin(status, {"NONE", "FRAGILE"}) and (phase is None or phase in ("MIDDLE", "LATER")):
        fire("PHA-COMMON-001")
    stg = num(g(P, "financing", "shortTermGrantShare"))
    if stg is not None and stg >= 0.5 and (phase is None or phase in ("EARLIER", "LATER")):
        fire("PHA-COMMON-002")
    if isin(g(P, "dataSharing"), {"NONE", "AD_HOC"}):
        fire("PHA-COMMON-003")
    if phase is None:
        fire("PHA-COMMON-004")
    if eq(phase, "EARLIER") and eq(g(P, "authority", "established"), False):
        fire("PHA-EARLY-001")
    if eq(phase, "EARLIER") and isin(status, {"NONE", "FRAGILE"}):
        fire("PHA-EARLY-002")
    if eq(phase, "EARLIER") and eq(g(P, "sharedVision"), False):
        fire("PHA-EARLY-003")
    if eq(phase, "MIDDLE") and isin(g(P, "measurement", "progressTracking"), {"NONE", "AD_HOC"}):
        fire("PHA-MID-001")
    pe = g(P, "policyEngagement")
    if eq(phase, "MIDDLE") and eq(pe, "NONE"):
        fire("PHA-MID-002")
    if eq(phase, "MIDDLE") and stg is not None and stg >= 0.5:
        fire("PHA-MID-003")
    if eq(phase, "LATER") and eq(g(P, "vestedInterestsNegotiated"), False):
        fire("PHA-LATE-001")
    if eq(phase, "LATER") and eq(g(P, "learning", "practice"), False):
        fire("PHA-LATE-002")
    if eq(phase, "LATER") and isin(pe, {"NONE", "ENGAGED"}):
        fire("PHA-LATE-003")
    if eq(phase, "LATER") and isin(g(P, "leadership", "model"), {"SINGLE_ORGANIZATION", "FEW_KEY_PLAYERS"}):
        fire("PHA-LATE-004")

    # ---- COORDINATION ----
    focus = g(P, "focus")
    emb = g(P, "embedding")
    lcb = g(P, "localCapacityBuilding")
    if eq(focus, "PRODUCT") and eq(emb, "DETACHED") and eq(g(P, "drivenBy"), "INTERNATIONAL"):
        fire("COO-001")
    all_intl = len(partners) > 0 and all(eq(p.get("origin"), "INTERNATIONAL") for p in partners)
    if eq(focus, "PRODUCT") and (eq(lcb, False) or all_intl):
        fire("COO-002", [p["id"] for p in partners] if all_intl else [])
    opf = num(g(C, "otherPartnershipsInField"))
    fm = g(C, "fieldMechanisms")
    if opf is not None and opf >= 1 and fm is not None and len(fm) == 0:
        fire("COO-003")
    if eq(g(C, "divertsLocalResources"), True) or eq(g(C, "addsLocalAdministrativeBurden"), True):
        fire("COO-004")
    intl = [p["id"] for p in partners if eq(p.get("origin"), "INTERNATIONAL")]
    if eq(focus, "PRODUCT") and (eq(emb, "EMBEDDED") or eq(lcb, True)) and intl:
        fire("COO-005", intl)
    if distinct <= 2:
        fire("COO-006")
    coo007 = None
    if isin(g(P, "geographicScope"), {"LOCAL", "REGIONAL"}) and (not hasRes or not hasPhil or not hasBusiness):
        fire("COO-007")
        # B.7 COO-007 (revised 2026-11-29): only the advice that fits the facts
        colleagues = ["health insurers"] + [name for name, has in (("philanthropies", hasPhil),
                                                                    ("businesses", hasBusiness)) if not has]
        joined = colleagues[0] if len(colleagues) == 1 else ", ".join(colleagues[:-1]) + " and " + colleagues[-1]
        coo007 = (["Engage area residents."] if not hasRes else []) + [
            "Engage colleagues who tend to be missing, such as " + joined
            + " and people working in economic development."]

    # ---- GOVERNANCE ----
    big = [p["id"] for p in partners
           if num(p.get("resourceShare")) is not None and p["resourceShare"] >= 0.6]
    if eq(g(P, "governance", "formalStructure"), False) and big:
        fire("GOV-001", big)
    if hasBusiness and hasNonprofit and eq(g(P, "governance", "interfacesActivelyManaged"), False):
        fire("GOV-002")
    if eq(g(P, "governance", "sharedDecisionMaking"), False):
        fire("GOV-003")
    if eq(g(A, "contractual"), True) and hasPublic and any(p["sector"] != "PUBLIC" for p in partners):
        fire("GOV-004")
    if eq(g(P, "authority", "source"), "DELEGATED") and isin(g(P, "authority", "charge"), {"DOING", "THINKING_AND_DOING"}):
        fire("GOV-005")
    if eq(g(P, "leadership", "model"), "LEADERSHIP_TABLE") and (
            eq(g(P, "leadership", "decisionMakersAtTable"), False)
            or eq(g(P, "leadership", "committedToChangingPractice"), False)):
        fire("GOV-006")
    if isin(g(P, "leadership", "changeAgent"), {"NONE", "PARTISAN", "ORGANIZATION_LOYAL"}):
        fire("GOV-007")
    if eq(g(P, "governance", "home"), "GOVERNMENT_DEPARTMENT"):
        fire("GOV-008")

    # ---- PARTNER FIT ----
    low = [p["id"] for p in partners if eq(p.get("valuesAlignment"), "LOW")]
    if low:
        fire("FIT-001", low)
    proactive = [p["id"] for p in biz if eq(p.get("environmentalStrategy"), "PROACTIVE")]
    if hasPublic and proactive:
        fire("FIT-002", proactive)
    if hasPublic and hasBusiness and biz and all(isin(p.get("environmentalStrategy"), {"DEFENSIVE", "REACTIVE"}) for p in biz):
        fire("FIT-003", [p["id"] for p in biz])
    targets = g(P, "measurement", "targets")
    if isin(targets, {"NONE", "VAGUE"}):
        fire("FIT-004")
    weak = [p["id"] for p in partners if eq(p.get("capabilityStrength"), "WEAK")]
    if eq(targets, "WELL_DEFINED") and (distinct <= 2 or weak):
        fire("FIT-005", weak)
    if partners and all(eq(p.get("priorCspExperience"), False) for p in partners):
        fire("FIT-006")
    if macro_count >= 2 and isin(g(P, "measurement", "valueMeasurement"), {"NONE", "SINGLE_LEVEL"}):
        fire("FIT-007")

    # ---- FUNDING ----
    if isin(g(P, "infrastructure", "backbone"), {"NONE", "UNFUNDED"}):
        fire("FUN-001")
    phy = num(g(P, "financing", "planningHorizonYears"))
    if phy is not None and phy < 10:
        fire("FUN-002")

    # ---- LEARNING ----
    ls = g(P, "learning", "lessonsShared")
    if isP3 and eq(ls, "NONE"):
        fire("LRN-001")
    if eq(ls, "SUCCESSES_ONLY"):
        fire("LRN-002")

    # ---- DEFINITION ----
    if macro_count < 2:
        fire("DEF-001")

    findings = {fid: {"severity": SEVERITY[fid], "subjects": sorted(s), "practiceNotes": PRACTICE.get(fid, [])}
                for fid, s in found.items()}
    if coo007 is not None:
        findings["COO-007"]["recommendations"] = coo007

    # ---- LEG-900 aggregate ----
    contrib = [f for f in ("LEG-001", "LEG-002", "LEG-003", "LEG-004", "LEG-005") if f in found]
    if contrib:
        sev = min((SEVERITY[f] for f in contrib), key=lambda s: SEV_RANK[s])
        subj = set()
        for f in contrib:
            subj |= found[f]
        notes = []
        for f in contrib:  # union of the contributors' practice notes, in contributor order, no duplicates
            notes += [n for n in PRACTICE.get(f, []) if n not in notes]
        findings["LEG-900"] = {"severity": sev, "subjects": sorted(subj), "practiceNotes": notes}

    if not npoAndCompany:
        olr = "NOT_APPLICABLE"
    elif "LEG-900" in findings:
        olr = findings["LEG-900"]["severity"]
    else:
        olr = "NONE_FOUND"
    return {"findings": findings, "overallLegitimacyRisk": olr}


if __name__ == "__main__":
    import json
    import sys
    r = evaluate(json.load(open(sys.argv[1])))
    for fid in sorted(r["findings"], key=lambda f: (SEV_RANK[r["findings"][f]["severity"]], f)):
        print(fid, r["findings"][fid]["severity"], r["findings"][fid]["subjects"])
    print("overallLegitimacyRisk:", r["overallLegitimacyRisk"])
