#include <iostream>

#include "tocsin/version.hpp"

int main() {
    std::cout << "tocsin " << tocsin::version_string << "\n";
    return 0;
}
