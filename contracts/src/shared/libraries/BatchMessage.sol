// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title BatchMessage
/// @notice Wire format of the messages between a spoke's SpokePool and the hub's BackingLedger
///         (LayerZero peers of each other). The first word is the message type.
library BatchMessage {
    /// @notice Spoke -> hub: a batch left the spoke. Carries what the hub must back.
    uint8 internal constant BATCH = 1;
    /// @notice Hub -> spoke: the spoke's unbacked supply crossed the hub's threshold; stop minting.
    uint8 internal constant HALT = 2;

    /// @param batchId Spoke-local batch number, 1, 2, 3, ...
    /// @param assets ETH sent to the hub through the bridge adapter (deposits plus fees).
    /// @param shares trETH the spoke minted for those deposits: the hub must lock as much in the lockbox.
    /// @param spokeSupply The spoke trETH total supply when the batch left, for the hub's ledger.
    struct Batch {
        uint64 batchId;
        uint256 assets;
        uint256 shares;
        uint256 spokeSupply;
    }

    function encodeBatch(Batch memory batch) internal pure returns (bytes memory) {
        return abi.encode(BATCH, batch.batchId, batch.assets, batch.shares, batch.spokeSupply);
    }

    function encodeHalt(uint256 unbackedShares) internal pure returns (bytes memory) {
        return abi.encode(HALT, unbackedShares);
    }

    function messageType(bytes calldata message) internal pure returns (uint8) {
        return abi.decode(message[:32], (uint8));
    }

    function decodeBatch(bytes calldata message) internal pure returns (Batch memory batch) {
        (, batch.batchId, batch.assets, batch.shares, batch.spokeSupply) =
            abi.decode(message, (uint8, uint64, uint256, uint256, uint256));
    }

    function decodeHalt(bytes calldata message) internal pure returns (uint256 unbackedShares) {
        (, unbackedShares) = abi.decode(message, (uint8, uint256));
    }
}
