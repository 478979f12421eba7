// Typed, non-variadic wrappers for libcurl's variadic setters and getters, which Swift cannot call.
#ifndef MAILGATE_CCURL_SHIMS_H
#define MAILGATE_CCURL_SHIMS_H
#include <curl/curl.h>

CURLcode mg_curl_easy_setopt_long(CURL *handle, CURLoption option, long value);
CURLcode mg_curl_easy_setopt_off_t(CURL *handle, CURLoption option, curl_off_t value);
CURLcode mg_curl_easy_setopt_string(CURL *handle, CURLoption option, const char *value);
CURLcode mg_curl_easy_setopt_pointer(CURL *handle, CURLoption option, void *value);
CURLcode mg_curl_easy_setopt_slist(CURL *handle, CURLoption option, struct curl_slist *value);
CURLcode mg_curl_easy_setopt_write_function(CURL *handle, CURLoption option, curl_write_callback value);
CURLcode mg_curl_easy_setopt_opensocket_function(CURL *handle, curl_opensocket_callback value);
CURLcode mg_curl_easy_setopt_prereq_function(CURL *handle, curl_prereq_callback value);
CURLcode mg_curl_easy_getinfo_long(CURL *handle, CURLINFO info, long *value);
CURLcode mg_curl_easy_getinfo_double(CURL *handle, CURLINFO info, double *value);
CURLcode mg_curl_easy_getinfo_pointer(CURL *handle, CURLINFO info, void **value);
CURLMcode mg_curl_multi_setopt_long(CURLM *multi, CURLMoption option, long value);

// The address curl is about to connect to (struct sockaddr_in or sockaddr_in6, per `family`).
const struct sockaddr *mg_curl_sockaddr_address(const struct curl_sockaddr *address);
// The result of a finished transfer (CURLMsg's `data` is a union).
CURLcode mg_curl_msg_result(const CURLMsg *message);
#endif
