// Every GraphQL document the explorer sends. Codegen types them from ../schema.graphql and
// puts each in the trusted-documents manifest; the bundle carries only their hashes.
import { graphql } from "./gql";

export const LayersDocument = graphql(`
  query Layers {
    layers(top: 0) {
      id
      name
      position
      description
      vendorCount
    }
  }
`);

export const FrameworkDocument = graphql(`
  query Framework {
    layers(top: 3) {
      id
      name
      position
      description
      below
      above
      vendorCount
      averageInpactTotal
      bestInpactTotal
      averageGoalsTotal
      bestGoalsTotal
      topVendors {
        slug
        name
      }
    }
  }
`);

export const VendorPageDocument = graphql(`
  query VendorPage($filter: VendorFilter, $sort: VendorSort, $first: Int, $after: String) {
    vendors(filter: $filter, sort: $sort, first: $first, after: $after) {
      totalCount
      edges {
        node {
          slug
          name
          layerId
          category
          isStub
          inpactTotal
          goalsTotal
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

// The landscape's cards show declared totals with maxima and flag disagreement: Q5 answers
// totals for up to 10 vendors per request.
export const CardTotalsDocument = graphql(`
  query CardTotals($slugs: [String!]!) {
    compare(slugs: $slugs) {
      vendors {
        vendor {
          slug
        }
        inpact {
          declared
          declaredMax
          computed
          computedMax
          agrees
        }
        goals {
          declared
          declaredMax
          computed
          computedMax
          agrees
        }
      }
    }
  }
`);

export const VendorTotalsDocument = graphql(`
  query VendorTotals($slug: String!) {
    vendor(slug: $slug) {
      vendor {
        slug
      }
      inpact {
        declared
        declaredMax
        computed
        computedMax
        agrees
      }
      goals {
        declared
        declaredMax
        computed
        computedMax
        agrees
      }
    }
  }
`);

export const VendorDocument = graphql(`
  query Vendor($slug: String!) {
    vendor(slug: $slug) {
      vendor {
        slug
        name
        layerId
        category
        isStub
      }
      retired
      pricing
      tagline
      analysis
      tbiView
      role
      sourceFile
      evaluatedAt
      latestVersion
      inpact {
        declared
        declaredMax
        computed
        computedMax
        agrees
      }
      goals {
        declared
        declaredMax
        computed
        computedMax
        agrees
      }
      latestScores {
        dimension
        framework
        letter
        name
        score
        max
        rationale
      }
      history {
        version
        latest
        evaluatedAt
        inpact {
          declared
          computed
        }
        goals {
          declared
          computed
        }
      }
      strengths
      limitations
      bestSuitedFor
      useWithCautionFor
      watchFor
      pocChecklist
      certificationsHeld {
        name
        scope
      }
      certificationsNotHeld {
        name
        scope
      }
      risks {
        id
        severity
        text
        mitigation
        mitigationLayers
        tools {
          slug
          name
        }
        layerTools {
          slug
          name
        }
        layerToolCount
      }
      useCases {
        fit
        title
        rationale
      }
      stackImpact {
        layerId
        text
      }
      upstream {
        layerId
        what
      }
      downstream {
        layerId
        what
      }
    }
    alternatives(slug: $slug) {
      suggested {
        vendor {
          slug
          name
          isStub
        }
        rationale
      }
      suggestedBy {
        vendor {
          slug
          name
          isStub
        }
        rationale
      }
    }
  }
`);

export const FlowDocument = graphql(`
  query VendorFlow($slug: String!, $depth: Int!) {
    flow(vendor: $slug, depth: $depth) {
      upstream {
        node {
          kind
          id
          name
        }
        depth
        via
        what
      }
      downstream {
        node {
          kind
          id
          name
        }
        depth
        via
        what
      }
    }
  }
`);

export const CompareDocument = graphql(`
  query Compare($slugs: [String!]!) {
    compare(slugs: $slugs) {
      vendors {
        vendor {
          slug
          name
          layerId
        }
        version
        inpact {
          declared
          declaredMax
          computed
          computedMax
        }
        goals {
          declared
          declaredMax
          computed
          computedMax
        }
        profiles {
          profileId
          name
          passes
          failures
        }
      }
      dimensions {
        dimension
        framework
        letter
        name
        cells {
          slug
          score
          max
        }
      }
    }
  }
`);

export const RisksDocument = graphql(`
  query Risks($riskId: String, $riskText: String, $layer: String, $first: Int) {
    mitigatingTools(riskId: $riskId, riskText: $riskText, layer: $layer, first: $first) {
      risk {
        id
        text
        severity
        owner {
          slug
          name
        }
      }
      mitigation
      mitigationLayers
      toolCount
      tools {
        rank
        vendor {
          slug
          name
          layerId
        }
        strongest
        evidence {
          kind
          quote
          layerId
          declaredBy
        }
      }
    }
  }
`);

export const SearchDocument = graphql(`
  query Search($text: String!, $first: Int) {
    search(text: $text, first: $first) {
      field
      text
      detail
      vendor {
        slug
        name
        layerId
      }
    }
  }
`);

export const DataQualityDocument = graphql(`
  query DataQuality($olderThanDays: Int!) {
    dataQuality(olderThanDays: $olderThanDays) {
      totalMismatches {
        vendor {
          slug
          name
        }
        inpactDeclared
        inpactComputed
        goalsDeclared
        goalsComputed
      }
      stubCount
      stubs {
        slug
        name
        linkedFrom
      }
      stale {
        vendor {
          slug
          name
        }
        evaluatedAt
        ageDays
      }
    }
  }
`);


export const AssessStackDocument = graphql(`
  query AssessStack($profile: String!, $picks: [StackPickInput!]!) {
    assessStack(profile: $profile, picks: $picks) {
      profile
      layers {
        layerId
        name
        picks {
          slug
          name
          passes
          totals {
            framework
            stated
            statedMax
            compared
            scaleMax
            scaleNote
          }
          misses
        }
        findings {
          kind
          severity
          layerId
          vendor
          reason
          evidence {
            risk
            riskSeverity
            mitigation
            mitigationLayers
            flowDirection
            flowLayer
            flow
            thresholds
            scaleNotes
          }
          suggestions {
            vendor {
              slug
              name
              passes
            }
            rationale
            alternativeOf
          }
        }
        closest {
          slug
          name
          misses
        }
      }
      buildOrder {
        step
        layerId
        name
        severity
        kinds
        reasons
        suggestion {
          vendor {
            slug
            name
          }
          rationale
        }
      }
      summary {
        bySeverity {
          severity
          count
        }
        gaps
        layersCovered
        passes
      }
    }
  }
`);

export const AdviseStackDocument = graphql(`
  query AdviseStack($profile: String!) {
    adviseStack(profile: $profile) {
      profile
      layers {
        layerId
        name
        best {
          slug
          name
        }
        closest {
          slug
          name
          misses
        }
      }
      picks {
        layer
        vendor
      }
    }
  }
`);
