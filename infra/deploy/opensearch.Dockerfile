# syntax=docker/dockerfile:1
# The official OpenSearch image plus the Korean analysis plugin. infra/search-indexes.ts analyses titles,
# names and addresses with `nori_tokenizer` and `nori_readingform`, which the official image does not ship:
# without the plugin `ciao stack init` fails to create the indexes ("Unknown tokenizer type [nori_tokenizer]").
# `opensearch-plugin install` picks the plugin build of this exact OpenSearch version; the build needs to
# reach artifacts.opensearch.org.
ARG OPENSEARCH_VERSION=2.19.6
FROM opensearchproject/opensearch:${OPENSEARCH_VERSION}
RUN /usr/share/opensearch/bin/opensearch-plugin install --batch analysis-nori
