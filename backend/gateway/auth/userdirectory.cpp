#include "userdirectory.h"

#include <fstream>
#include <sstream>
#include <vector>

namespace greenlight::gateway::auth {

namespace {

std::vector<std::string> words(const std::string &line)
{
    std::istringstream in(line);
    std::vector<std::string> out;
    for (std::string word; in >> word;)
        out.push_back(word);
    return out;
}

} // namespace

User UserDirectory::demoUser()
{
    return {"operator", Role::Supervisor};
}

std::optional<UserDirectory> UserDirectory::parse(std::string_view text, const std::string &source, std::string *error)
{
    UserDirectory directory;
    directory.m_demo = false;
    std::map<std::string, int> tokenLines;
    std::map<std::string, int> nameLines;
    std::istringstream in{std::string(text)};
    int number = 0;
    const auto fail = [&](const std::string &why) {
        *error = source + ":" + std::to_string(number) + ": " + why;
        return std::nullopt;
    };
    for (std::string line; std::getline(in, line);) {
        ++number;
        if (const auto hash = line.find('#'); hash != std::string::npos)
            line.erase(hash);
        const auto w = words(line);
        if (w.empty())
            continue;
        if (w.size() != 3)
            return fail("expected 'name role token', found " + std::to_string(w.size()) + " field"
                        + (w.size() == 1 ? "" : "s"));
        const auto role = parseRole(w[1]);
        if (!role)
            return fail("unknown role '" + w[1] + "' (viewer, officer, coordinator or supervisor)");
        if (const auto seen = nameLines.find(w[0]); seen != nameLines.end())
            return fail("user '" + w[0] + "' is already defined on line " + std::to_string(seen->second));
        if (const auto seen = tokenLines.find(w[2]); seen != tokenLines.end())
            return fail("duplicate token (already used on line " + std::to_string(seen->second) + ")");
        nameLines[w[0]] = number;
        tokenLines[w[2]] = number;
        directory.m_byToken[w[2]] = User{w[0], *role};
    }
    if (directory.m_byToken.empty()) {
        *error = source + ": no users (expected lines 'name role token')";
        return std::nullopt;
    }
    return directory;
}

std::optional<UserDirectory> UserDirectory::load(const std::string &path, std::string *error)
{
    std::ifstream file(path);
    if (!file) {
        *error = "cannot read users file " + path;
        return std::nullopt;
    }
    std::ostringstream text;
    text << file.rdbuf();
    return parse(text.str(), path, error);
}

std::optional<User> UserDirectory::authenticate(std::string_view authorization) const
{
    if (m_demo)
        return demoUser();
    constexpr std::string_view kScheme = "Bearer ";
    if (authorization.substr(0, kScheme.size()) != kScheme)
        return std::nullopt;
    std::string_view token = authorization.substr(kScheme.size());
    while (!token.empty() && token.front() == ' ')
        token.remove_prefix(1);
    while (!token.empty() && token.back() == ' ')
        token.remove_suffix(1);
    const auto found = m_byToken.find(token);
    if (found == m_byToken.end())
        return std::nullopt;
    return found->second;
}

} // namespace greenlight::gateway::auth
