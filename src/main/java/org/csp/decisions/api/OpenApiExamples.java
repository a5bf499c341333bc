package org.csp.decisions.api;

/** Examples shown in the OpenAPI document (FINDINGS.md A.9 and A.10). */
final class OpenApiExamples {
    private OpenApiExamples() {
    }

    /** The complete example request of FINDINGS.md A.10. */
    static final String A10 = """
{
  "partnership": {
    "id": "rhp-001",
    "name": "Riverside Regional Health Partnership",
    "geographicScope": "REGIONAL",
    "phase": "MIDDLE",
    "form": "INTEGRATIVE",
    "focus": "SYSTEM",
    "embedding": "EMBEDDED",
    "drivenBy": "LOCAL",
    "localCapacityBuilding": true,
    "projectBased": false,
    "durationMonths": 60,
    "authority": {
      "established": true,
      "source": "DELEGATED",
      "charge": "THINKING_AND_DOING"
    },
    "leadership": {
      "model": "LEADERSHIP_TABLE",
      "decisionMakersAtTable": true,
      "committedToChangingPractice": false,
      "changeAgent": "BOUNDARY_CROSSING"
    },
    "governance": {
      "formalStructure": false,
      "sharedDecisionMaking": true,
      "interfacesActivelyManaged": false,
      "home": "ARMS_LENGTH_ENTITY"
    },
    "infrastructure": {
      "status": "FRAGILE",
      "backbone": "UNFUNDED"
    },
    "financing": {
      "shortTermGrantShare": 0.65,
      "planningHorizonYears": 5
    },
    "dataSharing": "AD_HOC",
    "measurement": {
      "targets": "VAGUE",
      "progressTracking": "AD_HOC",
      "valueMeasurement": "SINGLE_LEVEL"
    },
    "sharedVision": true,
    "policyEngagement": "NONE",
    "vestedInterestsNegotiated": false,
    "learning": {
      "practice": false,
      "lessonsShared": "SUCCESSES_ONLY"
    },
    "attributes": {
      "fundingCycle": "annual",
      "countiesCovered": 4,
      "hasHospitalPartner": true
    }
  },
  "partners": [
    {
      "id": "p1",
      "name": "Riverside County Public Health Department",
      "sector": "PUBLIC",
      "origin": "LOCAL",
      "role": "CONVENER",
      "valuesAlignment": "HIGH",
      "capabilityStrength": "STRONG",
      "controlsProject": false,
      "resourceShare": 0.25,
      "priorCspExperience": true
    },
    {
      "id": "p2",
      "name": "Riverside Community Health Alliance",
      "sector": "NONPROFIT",
      "origin": "LOCAL",
      "role": "BACKBONE",
      "valuesAlignment": "HIGH",
      "capabilityStrength": "MODERATE",
      "controlsProject": true,
      "resourceShare": 0.1,
      "priorCspExperience": true
    },
    {
      "id": "p3",
      "name": "MegaMart Inc.",
      "sector": "BUSINESS",
      "origin": "INTERNATIONAL",
      "role": "MEMBER",
      "valuesAlignment": "LOW",
      "environmentalStrategy": "REACTIVE",
      "capabilityStrength": "STRONG",
      "controlsProject": false,
      "resourceShare": 0.6,
      "priorCspExperience": false,
      "attributes": {
        "industry": "retail"
      }
    },
    {
      "id": "p4",
      "name": "Valley Health Foundation",
      "sector": "PHILANTHROPY",
      "origin": "LOCAL",
      "role": "FUNDER",
      "valuesAlignment": "HIGH",
      "capabilityStrength": "STRONG",
      "controlsProject": false,
      "resourceShare": 0.05,
      "priorCspExperience": true
    }
  ],
  "agreements": {
    "contractual": false,
    "brandLicensing": true
  },
  "coordination": {
    "otherPartnershipsInField": 3,
    "fieldMechanisms": [],
    "divertsLocalResources": false,
    "addsLocalAdministrativeBurden": false
  }
}
            """;

    /** The validation error example of FINDINGS.md A.9. */
    static final String VALIDATION_FAILED = """
{
  "type": "https://csp-decisions/problems/validation-failed",
  "title": "Request validation failed",
  "status": 400,
  "detail": "2 fields are invalid",
  "violations": [
    {
      "field": "partners[1].sector",
      "message": "must be one of PUBLIC, BUSINESS, NONPROFIT, PHILANTHROPY, RESIDENT"
    },
    {
      "field": "partnership.durationMonths",
      "message": "must be an integer between 1 and 1200"
    }
  ]
}
            """;

    static final String MALFORMED = """
            {"type": "https://csp-decisions/problems/malformed-json", "title": "Malformed JSON", "status": 400,
             "detail": "Unexpected end-of-input within/between Object entries (line 1, column 6)"}
            """;

    static final String TOO_LARGE = """
            {"type": "https://csp-decisions/problems/payload-too-large", "title": "Payload too large", "status": 413,
             "detail": "the request body is larger than 262144 bytes"}
            """;

    static final String UNSUPPORTED = """
            {"type": "https://csp-decisions/problems/unsupported-media-type", "title": "Unsupported media type",
             "status": 415, "detail": "Content-Type must be application/json, not text/plain"}
            """;

    static final String RUNAWAY = """
{
  "type": "https://csp-decisions/problems/rule-limit-exceeded",
  "title": "Evaluation stopped: a rule ran away",
  "status": 500,
  "detail": "evaluation stopped after 10000 rule firings; rule \\"ANA-001 Example\\" fired most and probably loops",
  "rule": "ANA-001 Example"
}
            """;
}
