"""Random generator of VALID requests per FINDINGS.md section A."""
import random
import string

SECTORS = ["PUBLIC", "BUSINESS", "NONPROFIT", "PHILANTHROPY", "RESIDENT"]
MECHS = ["CROSS_PARTNERSHIP_MEETINGS", "JOINT_CAPACITY_BUILDING_PLATFORM", "ALIGNED_LOCAL_PROCESSES",
         "SHARED_RESOURCES", "UMBRELLA_PARTNERSHIP", "FUNDING_PLATFORM", "COLOCATED_SECRETARIATS",
         "CROSS_BOARD_REPRESENTATION"]
ID_FIRST = string.ascii_letters + string.digits
ID_REST = ID_FIRST + "._-"

ABSENT = object()


def rid(r):
    n = r.choice([0, 0, 1, 2, 3, 5, 10, 63])
    return r.choice(ID_FIRST) + "".join(r.choice(ID_REST) for _ in range(n))


import os
SCALE = float(os.environ.get("GEN_MISSING_SCALE", "1"))


def opt(r, gen, p_absent=0.25, p_null=0.1):
    """Return ABSENT, None, or a generated value."""
    p_absent, p_null = p_absent * SCALE, p_null * SCALE
    x = r.random()
    if x < p_absent:
        return ABSENT
    if x < p_absent + p_null:
        return None
    return gen()


def put(d, key, v):
    if v is not ABSENT:
        d[key] = v


def enum(r, vals):
    return lambda: r.choice(vals)


def boolean(r):
    return lambda: r.random() < 0.5


def attrs(r):
    d = {}
    for _ in range(r.randint(0, 4)):
        k = r.choice(string.ascii_letters) + "".join(r.choice(string.ascii_letters + string.digits + "_") for _ in range(r.randint(0, 8)))
        d[k] = r.choice(["x", "annual", 3, 4.5, True, False, -1])
    return d


def gen_object(r, fields):
    """fields: list of (name, gen). Returns ABSENT / None / dict."""
    x = r.random()
    if x < 0.15 * SCALE:
        return ABSENT
    if x < 0.2 * SCALE:
        return None
    d = {}
    for name, gf in fields:
        put(d, name, opt(r, gf))
    return d


def gen_request(r):
    p = {"id": rid(r), "name": r.choice(["P", "Partnership X", " a name ", "Ünïcode – test"])}
    put(p, "geographicScope", opt(r, enum(r, ["LOCAL", "REGIONAL", "NATIONAL", "GLOBAL"])))
    put(p, "phase", opt(r, enum(r, ["EARLIER", "MIDDLE", "LATER"])))
    put(p, "form", opt(r, enum(r, ["PHILANTHROPIC", "TRANSACTIONAL", "INTEGRATIVE"])))
    put(p, "focus", opt(r, enum(r, ["PRODUCT", "SYSTEM"])))
    put(p, "embedding", opt(r, enum(r, ["DETACHED", "EMBEDDED"])))
    put(p, "drivenBy", opt(r, enum(r, ["INTERNATIONAL", "LOCAL", "MIXED"])))
    put(p, "localCapacityBuilding", opt(r, boolean(r)))
    put(p, "projectBased", opt(r, boolean(r)))
    put(p, "durationMonths", opt(r, lambda: r.choice([1, 11, 12, 12, 13, 13, 24, 60, 1200])))
    put(p, "authority", gen_object(r, [
        ("established", boolean(r)),
        ("source", enum(r, ["SELF", "DELEGATED", "MANDATED"])),
        ("charge", enum(r, ["THINKING", "DOING", "THINKING_AND_DOING"]))]))
    put(p, "leadership", gen_object(r, [
        ("model", enum(r, ["SINGLE_ORGANIZATION", "FEW_KEY_PLAYERS", "LEADERSHIP_TABLE", "DISTRIBUTED"])),
        ("decisionMakersAtTable", boolean(r)),
        ("committedToChangingPractice", boolean(r)),
        ("changeAgent", enum(r, ["NONE", "BOUNDARY_CROSSING", "PARTISAN", "ORGANIZATION_LOYAL"]))]))
    put(p, "governance", gen_object(r, [
        ("formalStructure", boolean(r)),
        ("sharedDecisionMaking", boolean(r)),
        ("interfacesActivelyManaged", boolean(r)),
        ("home", enum(r, ["GOVERNMENT_DEPARTMENT", "ARMS_LENGTH_ENTITY", "NON_GOVERNMENT_HOST"]))]))
    put(p, "infrastructure", gen_object(r, [
        ("status", enum(r, ["NONE", "FRAGILE", "STABLE"])),
        ("backbone", enum(r, ["NONE", "UNFUNDED", "FUNDED"]))]))
    put(p, "financing", gen_object(r, [
        ("shortTermGrantShare", lambda: r.choice([0.5, 0.5, 0.49, 0.49, 0.4999, 0.5001, 0, 1, 0.0, 1.0, 0.65, 0.3])),
        ("planningHorizonYears", lambda: r.choice([9, 9, 10, 10, 0, 1, 11, 100]))]))
    put(p, "dataSharing", opt(r, enum(r, ["NONE", "AD_HOC", "ESTABLISHED"])))
    put(p, "measurement", gen_object(r, [
        ("targets", enum(r, ["NONE", "VAGUE", "WELL_DEFINED"])),
        ("progressTracking", enum(r, ["NONE", "AD_HOC", "SYSTEMATIC"])),
        ("valueMeasurement", enum(r, ["NONE", "SINGLE_LEVEL", "MULTI_LEVEL"]))]))
    put(p, "sharedVision", opt(r, boolean(r)))
    put(p, "policyEngagement", opt(r, enum(r, ["NONE", "ENGAGED", "ALIGNED"])))
    put(p, "vestedInterestsNegotiated", opt(r, boolean(r)))
    put(p, "learning", gen_object(r, [
        ("practice", boolean(r)),
        ("lessonsShared", enum(r, ["NONE", "SUCCESSES_ONLY", "SUCCESSES_AND_FAILURES"]))]))
    put(p, "attributes", opt(r, lambda: attrs(r), 0.7, 0.05))

    # partners
    x = r.random()
    if x < 0.45:
        n = r.randint(1, 4)
    elif x < 0.85:
        n = r.randint(1, 8)
    elif x < 0.97:
        n = r.randint(9, 30)
    else:
        n = r.randint(31, 50)
    ks = r.choice([1, 2, 2, 3, 3, 4, 5])
    pool = r.sample(SECTORS, ks)
    ids = set()
    partners = []
    # resource shares: choose budget; hit 0.6/0.59 often
    remaining = 100000  # in 1e-5 units, sum <= 1.0 exactly
    for i in range(n):
        while True:
            pid = rid(r) if r.random() < 0.5 else "p%d" % (i + 1)
            if pid not in ids:
                break
        ids.add(pid)
        q = {"id": pid, "name": r.choice(["Org", "Partner %d" % i]), "sector": r.choice(pool)}
        put(q, "origin", opt(r, enum(r, ["LOCAL", "INTERNATIONAL"])))
        put(q, "role", opt(r, enum(r, ["CONVENER", "BACKBONE", "FUNDER", "IMPLEMENTER", "MEMBER", "ADVISOR"])))
        put(q, "valuesAlignment", opt(r, enum(r, ["HIGH", "MEDIUM", "LOW"])))
        put(q, "environmentalStrategy", opt(r, enum(r, ["DEFENSIVE", "REACTIVE", "PROACTIVE", "ANTICIPATORY"]), 0.2, 0.05))
        put(q, "capabilityStrength", opt(r, enum(r, ["WEAK", "MODERATE", "STRONG"])))
        put(q, "controlsProject", opt(r, boolean(r)))
        cand = r.choice([60000, 60000, 59000, 59000, 59999, 60001, 0, 100000, 10000, 25000, 40000, 5000, 1])
        if r.random() < 0.7 and cand <= remaining:
            remaining -= cand
            v = cand / 100000
            if cand == 100000 and r.random() < 0.5:
                v = 1
            elif cand == 0 and r.random() < 0.5:
                v = 0
            q["resourceShare"] = v
        elif r.random() < 0.3:
            q["resourceShare"] = None
        put(q, "priorCspExperience", opt(r, boolean(r), 0.2, 0.05))
        put(q, "attributes", opt(r, lambda: attrs(r), 0.85, 0.05))
        partners.append(q)
    r.shuffle(partners)

    req = {"partnership": p, "partners": partners}
    ag = gen_object(r, [
        ("contractual", boolean(r)),
        ("contractSpecificity", enum(r, ["LOW", "MEDIUM", "HIGH"])),
        ("brandLicensing", boolean(r))])
    put(req, "agreements", ag)
    co = gen_object(r, [
        ("otherPartnershipsInField", lambda: r.choice([0, 0, 1, 1, 2, 10000])),
        ("fieldMechanisms", lambda: r.sample(MECHS, r.choice([0, 0, 0, 1, 2, 8]))),
        ("divertsLocalResources", boolean(r)),
        ("addsLocalAdministrativeBurden", boolean(r))])
    put(req, "coordination", co)
    # shuffle key order of top-level objects a bit
    if r.random() < 0.3:
        req = dict(reversed(list(req.items())))
    return req
