/* GMime 3 baseline for the MIME module's benchmark: the same full decode as `mime-tool bench`.
 * For every message: parse; decode Subject, From/To/Cc, Date, Message-ID, References; SHA-256 of the raw
 * message; for every leaf part: text parts that are not attachments converted to UTF-8, every other part's
 * transfer encoding removed and its SHA-256 computed (OpenSSL, hardware SHA like swift-crypto); filename read.
 * Build: cc -O2 gmime_bench.c $(pkg-config --cflags --libs gmime-3.0 libcrypto) -o gmime_bench
 * Run:   ./gmime_bench ITERATIONS FILE... */
#include <gmime/gmime.h>
#include <openssl/sha.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static long checksum;

static void sha256(const unsigned char *data, size_t len) {
    unsigned char digest[SHA256_DIGEST_LENGTH];
    SHA256(data, len, digest);
    checksum += digest[0];
}

static void addresses(InternetAddressList *list) {
    if (!list) return;
    for (int i = 0; i < internet_address_list_length(list); i++) {
        InternetAddress *address = internet_address_list_get_address(list, i);
        const char *name = internet_address_get_name(address);
        if (name) checksum += strlen(name);
        if (INTERNET_ADDRESS_IS_MAILBOX(address)) checksum += strlen(internet_address_mailbox_get_addr(INTERNET_ADDRESS_MAILBOX(address)));
    }
}

static void visit(GMimeObject *parent, GMimeObject *part, gpointer data) {
    (void)parent; (void)data;
    if (GMIME_IS_MESSAGE_PART(part)) {
        GMimeMessage *inner = g_mime_message_part_get_message(GMIME_MESSAGE_PART(part));
        if (inner) {
            const char *subject = g_mime_message_get_subject(inner);
            if (subject) checksum += strlen(subject);
        }
        return;
    }
    if (!GMIME_IS_PART(part)) return;
    const char *filename = g_mime_part_get_filename(GMIME_PART(part));
    if (filename) checksum += strlen(filename);
    if (GMIME_IS_TEXT_PART(part) && !g_mime_part_is_attachment(GMIME_PART(part))) {
        char *text = g_mime_text_part_get_text(GMIME_TEXT_PART(part));
        if (text) { checksum += strlen(text); g_free(text); }
        return;
    }
    GMimeDataWrapper *content = g_mime_part_get_content(GMIME_PART(part));
    if (!content) return;
    GMimeStream *out = g_mime_stream_mem_new();
    g_mime_data_wrapper_write_to_stream(content, out);
    GByteArray *bytes = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(out));
    sha256(bytes->data, bytes->len);
    g_object_unref(out);
}

static void parse(GByteArray *raw) {
    GMimeStream *stream = g_mime_stream_mem_new_with_byte_array(raw);
    g_mime_stream_mem_set_owner(GMIME_STREAM_MEM(stream), FALSE);
    GMimeParser *parser = g_mime_parser_new_with_stream(stream);
    GMimeMessage *message = g_mime_parser_construct_message(parser, NULL);
    if (message) {
        const char *subject = g_mime_message_get_subject(message);
        if (subject) checksum += strlen(subject);
        addresses(g_mime_message_get_from(message));
        addresses(g_mime_message_get_addresses(message, GMIME_ADDRESS_TYPE_TO));
        addresses(g_mime_message_get_addresses(message, GMIME_ADDRESS_TYPE_CC));
        GDateTime *date = g_mime_message_get_date(message);
        if (date) checksum += g_date_time_to_unix(date) & 1;
        const char *id = g_mime_message_get_message_id(message);
        if (id) checksum += strlen(id);
        const char *references = g_mime_object_get_header(GMIME_OBJECT(message), "References");
        if (references) {
            GMimeReferences *parsed = g_mime_references_parse(NULL, references);
            if (parsed) { checksum += g_mime_references_length(parsed); g_mime_references_free(parsed); }
        }
        sha256(raw->data, raw->len);
        g_mime_message_foreach(message, visit, NULL);
        g_object_unref(message);
    }
    g_object_unref(parser);
    g_object_unref(stream);
}

int main(int argc, char **argv) {
    if (argc < 3) { fprintf(stderr, "usage: gmime_bench ITERATIONS FILE...\n"); return 2; }
    g_mime_init();
    int iterations = atoi(argv[1]);
    int count = argc - 2;
    GByteArray **files = calloc(count, sizeof *files);
    size_t total = 0;
    for (int i = 0; i < count; i++) {
        gchar *contents; gsize length;
        if (!g_file_get_contents(argv[i + 2], &contents, &length, NULL)) { fprintf(stderr, "cannot read %s\n", argv[i + 2]); return 1; }
        files[i] = g_byte_array_new_take((guint8 *)contents, length);
        total += length;
    }
    struct timespec start, end;
    clock_gettime(CLOCK_MONOTONIC, &start);
    for (int n = 0; n < iterations; n++)
        for (int i = 0; i < count; i++) parse(files[i]);
    clock_gettime(CLOCK_MONOTONIC, &end);
    double seconds = (end.tv_sec - start.tv_sec) + (end.tv_nsec - start.tv_nsec) / 1e9;
    double mib = (double)total * iterations / 1048576.0;
    printf("gmime: %d messages, %.1f MiB in %.3f s: %.1f MiB/s, %.0f msg/s (checksum %ld)\n",
           count * iterations, mib, seconds, mib / seconds, count * iterations / seconds, checksum);
    return 0;
}
