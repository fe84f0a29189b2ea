// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title DepositDataRoot
/// @notice hash_tree_root(DepositData) as the consensus spec defines it, for a deposit of whole gwei.
/// @dev DepositData = {pubkey: Bytes48, withdrawal_credentials: Bytes32, amount: Gwei, signature: Bytes96}:
///      four 32-byte leaves merkleized pairwise with sha256; pubkey and signature are themselves
///      merkleized over their zero-padded 32-byte chunks, amount is a little-endian uint64.
library DepositDataRoot {
    /// @dev Callers check lengths first (pubkey 48, credentials 32, signature 96).
    function compute(bytes memory pubkey, bytes32 withdrawalCredentials, bytes memory signature, uint64 amountGwei)
        internal
        pure
        returns (bytes32)
    {
        bytes32 pubkeyRoot = sha256(abi.encodePacked(pubkey, bytes16(0)));
        bytes32 signatureRoot = sha256(
            abi.encodePacked(
                sha256(abi.encodePacked(slice(signature, 0, 64))),
                sha256(abi.encodePacked(slice(signature, 64, 32), bytes32(0)))
            )
        );
        return sha256(
            abi.encodePacked(
                sha256(abi.encodePacked(pubkeyRoot, withdrawalCredentials)),
                sha256(abi.encodePacked(toLittleEndian64(amountGwei), bytes24(0), signatureRoot))
            )
        );
    }

    /// @notice `value` as 8 little-endian bytes (SSZ's uint64 encoding).
    function toLittleEndian64(uint64 value) internal pure returns (bytes8 le) {
        uint64 v = value;
        // Byte-swap in three steps: bytes, 16-bit halves, 32-bit halves.
        v = ((v & 0xFF00FF00FF00FF00) >> 8) | ((v & 0x00FF00FF00FF00FF) << 8);
        v = ((v & 0xFFFF0000FFFF0000) >> 16) | ((v & 0x0000FFFF0000FFFF) << 16);
        v = (v >> 32) | (v << 32);
        le = bytes8(v);
    }

    /// @notice A copy of `data[start:start + length]`.
    function slice(bytes memory data, uint256 start, uint256 length) internal pure returns (bytes memory out) {
        out = new bytes(length);
        assembly ("memory-safe") {
            mcopy(add(out, 32), add(add(data, 32), start), length)
        }
    }
}
