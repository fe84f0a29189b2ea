// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {ISpokeBridgeAdapter} from "../../shared/interfaces/ISpokeBridgeAdapter.sol";

/// @title SpokeBridgeAdapter
/// @notice What every spoke bridge adapter shares: only its SpokePool may send, never nothing, and
///         each batch is announced with {BatchBridged}. A concrete adapter only says how the ETH
///         and the batch id travel to `hubReceiver`.
abstract contract SpokeBridgeAdapter is ISpokeBridgeAdapter {
    /// @notice The only caller of `bridgeToHub`.
    address public immutable spokePool;
    /// @notice The hub contract that receives the ETH and forwards it to the BackingLedger.
    address public immutable hubReceiver;

    error BridgeAdapter_ZeroAddress();

    constructor(address spokePool_, address hubReceiver_) {
        if (spokePool_ == address(0) || hubReceiver_ == address(0)) revert BridgeAdapter_ZeroAddress();
        spokePool = spokePool_;
        hubReceiver = hubReceiver_;
    }

    /// @inheritdoc ISpokeBridgeAdapter
    function bridgeToHub(uint64 batchId) external payable {
        if (msg.sender != spokePool) revert BridgeAdapter_NotSpokePool(msg.sender);
        if (msg.value == 0) revert BridgeAdapter_ZeroAmount();
        _send(batchId, msg.value);
        emit BatchBridged(batchId, msg.value, hubReceiver);
    }

    /// @dev Hands `amount` wei and `batchId` to the bridge, addressed to `hubReceiver`.
    function _send(uint64 batchId, uint256 amount) internal virtual;
}
