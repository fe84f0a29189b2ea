// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IHubBridgeReceiver} from "../../shared/interfaces/IHubBridgeReceiver.sol";
import {IBatchReceiver} from "../../shared/interfaces/IBatchReceiver.sol";

/// @title HubBridgeReceiver
/// @notice What every canonical-bridge hub receiver shares: only the bridge's L1 contract may call,
///         only with a message sent by this spoke's adapter, and the ETH goes straight to the
///         ledger. A concrete receiver only says how the bridge reveals the L2 sender.
abstract contract HubBridgeReceiver is IHubBridgeReceiver {
    IBatchReceiver public immutable ledger;
    uint32 public immutable srcEid;
    /// @notice The bridge's L1 contract that calls `deliverBatch`.
    address public immutable bridge;
    /// @notice The spoke's bridge adapter on L2: the only sender accepted through the bridge.
    address public immutable spokeAdapter;

    error HubBridgeReceiver_ZeroAddress();

    constructor(IBatchReceiver ledger_, uint32 srcEid_, address bridge_, address spokeAdapter_) {
        if (address(ledger_) == address(0) || bridge_ == address(0) || spokeAdapter_ == address(0)) {
            revert HubBridgeReceiver_ZeroAddress();
        }
        ledger = ledger_;
        srcEid = srcEid_;
        bridge = bridge_;
        spokeAdapter = spokeAdapter_;
    }

    /// @inheritdoc IHubBridgeReceiver
    function deliverBatch(uint64 batchId) external payable {
        if (msg.sender != bridge) revert HubBridgeReceiver_NotBridge(msg.sender);
        address sender = _l2Sender();
        if (sender != spokeAdapter) revert HubBridgeReceiver_WrongSender(sender);
        emit BatchDelivered(srcEid, batchId, msg.value);
        ledger.receiveBatchETH{value: msg.value}(srcEid, batchId);
    }

    /// @dev The L2 sender of the message the bridge is executing (reverts outside an execution).
    function _l2Sender() internal view virtual returns (address);
}
