package ciao.opensearch;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.ko.KoreanAnalyzer;
import org.apache.lucene.analysis.ko.KoreanNumberFilter;
import org.apache.lucene.analysis.ko.KoreanPartOfSpeechStopFilter;
import org.apache.lucene.analysis.ko.KoreanReadingFormFilter;
import org.apache.lucene.analysis.ko.KoreanTokenizer;
import org.apache.lucene.analysis.ko.POS;
import org.apache.lucene.analysis.ko.dict.UserDictionary;
import org.opensearch.common.settings.Settings;
import org.opensearch.env.Environment;
import org.opensearch.index.IndexSettings;
import org.opensearch.index.analysis.AbstractIndexAnalyzerProvider;
import org.opensearch.index.analysis.AbstractTokenFilterFactory;
import org.opensearch.index.analysis.AbstractTokenizerFactory;
import org.opensearch.index.analysis.AnalyzerProvider;
import org.opensearch.index.analysis.TokenFilterFactory;
import org.opensearch.index.analysis.TokenizerFactory;
import org.opensearch.indices.analysis.AnalysisModule.AnalysisProvider;
import org.opensearch.plugins.AnalysisPlugin;
import org.opensearch.plugins.Plugin;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Korean morphological analysis (Lucene's "nori") for the 2.19 node.
 *
 * org.opensearch.plugin:analysis-nori is not published to Maven Central for 2.x (only 3.8.0, which
 * needs Java 21 and Lucene 10), but Lucene's own lucene-analysis-nori 9.12.3 is. This class exposes
 * it under the same names and main settings as the official plugin, so index definitions written
 * for this node also work on a managed OpenSearch with analysis-nori installed:
 *   analyzer "nori", tokenizer "nori_tokenizer", filters "nori_part_of_speech",
 *   "nori_readingform", "nori_number".
 * Settings: decompound_mode (none|discard|mixed), discard_punctuation, user_dictionary (file under
 * the config dir), user_dictionary_rules (inline list), stoptags (POS tags, e.g. ["E","J"]).
 */
public class KoreanAnalysisPlugin extends Plugin implements AnalysisPlugin {

    @Override
    public Map<String, AnalysisProvider<TokenizerFactory>> getTokenizers() {
        return Map.of("nori_tokenizer", NoriTokenizerFactory::new);
    }

    @Override
    public Map<String, AnalysisProvider<TokenFilterFactory>> getTokenFilters() {
        return Map.of(
            "nori_part_of_speech", PartOfSpeechFilterFactory::new,
            "nori_readingform", (is, env, name, s) -> filter(is, name, s, KoreanReadingFormFilter::new),
            "nori_number", (is, env, name, s) -> filter(is, name, s, KoreanNumberFilter::new));
    }

    @Override
    public Map<String, AnalysisProvider<AnalyzerProvider<? extends Analyzer>>> getAnalyzers() {
        return Map.of("nori", NoriAnalyzerProvider::new);
    }

    static KoreanTokenizer.DecompoundMode decompoundMode(Settings s) {
        String mode = s.get("decompound_mode");
        return mode == null
            ? KoreanTokenizer.DEFAULT_DECOMPOUND
            : KoreanTokenizer.DecompoundMode.valueOf(mode.toUpperCase(Locale.ROOT));
    }

    static UserDictionary userDictionary(Environment env, Settings s) throws IOException {
        String file = s.get("user_dictionary");
        List<String> rules = s.getAsList("user_dictionary_rules");
        if (file != null && !rules.isEmpty()) {
            throw new IllegalArgumentException("set either user_dictionary or user_dictionary_rules, not both");
        }
        if (file != null) {
            try (Reader r = Files.newBufferedReader(env.configFile().resolve(file), StandardCharsets.UTF_8)) {
                return UserDictionary.open(r);
            }
        }
        return rules.isEmpty() ? null : UserDictionary.open(new StringReader(String.join("\n", rules)));
    }

    static Set<POS.Tag> stopTags(Settings s) {
        List<String> tags = s.getAsList("stoptags");
        if (tags.isEmpty()) {
            return KoreanPartOfSpeechStopFilter.DEFAULT_STOP_TAGS;
        }
        Set<POS.Tag> set = EnumSet.noneOf(POS.Tag.class);
        for (String t : tags) {
            set.add(POS.Tag.valueOf(t.toUpperCase(Locale.ROOT)));
        }
        return set;
    }

    interface StreamWrapper {
        TokenStream wrap(TokenStream in);
    }

    static TokenFilterFactory filter(IndexSettings is, String name, Settings s, StreamWrapper w) {
        return new AbstractTokenFilterFactory(is, name, s) {
            @Override
            public TokenStream create(TokenStream in) {
                return w.wrap(in);
            }
        };
    }

    static final class NoriTokenizerFactory extends AbstractTokenizerFactory {
        private final UserDictionary userDictionary;
        private final KoreanTokenizer.DecompoundMode mode;
        private final boolean discardPunctuation;

        NoriTokenizerFactory(IndexSettings is, Environment env, String name, Settings s) throws IOException {
            super(is, s, name);
            userDictionary = userDictionary(env, s);
            mode = decompoundMode(s);
            discardPunctuation = s.getAsBoolean("discard_punctuation", true);
        }

        @Override
        public Tokenizer create() {
            return new KoreanTokenizer(
                TokenStream.DEFAULT_TOKEN_ATTRIBUTE_FACTORY, userDictionary, mode, false, discardPunctuation);
        }
    }

    static final class PartOfSpeechFilterFactory extends AbstractTokenFilterFactory {
        private final Set<POS.Tag> tags;

        PartOfSpeechFilterFactory(IndexSettings is, Environment env, String name, Settings s) {
            super(is, name, s);
            tags = stopTags(s);
        }

        @Override
        public TokenStream create(TokenStream in) {
            return new KoreanPartOfSpeechStopFilter(in, tags);
        }
    }

    static final class NoriAnalyzerProvider extends AbstractIndexAnalyzerProvider<KoreanAnalyzer> {
        private final KoreanAnalyzer analyzer;

        NoriAnalyzerProvider(IndexSettings is, Environment env, String name, Settings s) throws IOException {
            super(is, name, s);
            analyzer = new KoreanAnalyzer(userDictionary(env, s), decompoundMode(s), stopTags(s), false);
        }

        @Override
        public KoreanAnalyzer get() {
            return analyzer;
        }
    }
}
