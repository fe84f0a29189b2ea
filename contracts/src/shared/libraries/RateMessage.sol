// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title RateMessage
/// @notice Wire format of the hub -> spoke rate update carried over LayerZero.
library RateMessage {
    /// @dev Fixed-size encoding: 3 words, so the receive side can decode without length checks.
    function encode(uint256 rate, uint64 reportTime, uint64 sequence) internal pure returns (bytes memory) {
        return abi.encode(rate, reportTime, sequence);
    }

    function decode(bytes calldata message)
        internal
        pure
        returns (uint256 rate, uint64 reportTime, uint64 sequence)
    {
        return abi.decode(message, (uint256, uint64, uint64));
    }
}
